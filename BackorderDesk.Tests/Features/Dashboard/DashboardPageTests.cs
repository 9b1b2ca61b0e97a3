using BackorderDesk.Domain;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class DashboardPageTests : MudBunitContext
{
    public DashboardPageTests()
    {
        Services.AddScoped<DashboardSummary>();
        Services.AddSingleton<BackorderDesk.Live.ChangeFeed>();
        Services.AddSingleton<BackorderDesk.Features.Kpis.ComputeKpis>();
    }

    [Fact]
    public void Empty_database_shows_how_to_get_data()
    {
        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() =>
        {
            var empty = page.Find(".empty-state");
            Assert.Contains("There is no warehouse data yet", empty.TextContent, StringComparison.Ordinal);
            Assert.Contains("BackorderDesk:SeedDemoData=true", empty.TextContent, StringComparison.Ordinal);
            Assert.Equal("/openapi/v1.json", page.Find(".empty-state a").GetAttribute("href"));
        });
        Assert.Empty(page.FindAll("[data-metric]"));
    }

    [Fact]
    public async Task Cards_show_the_figures_of_the_hand_made_warehouse()
    {
        await using (var db = Database.CreateDbContext())
        {
            await DashboardDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
        }

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("3", Value(page, "open-orders")));
        Assert.Equal("2", Value(page, "open-orders-waiting"));
        Assert.Equal("66.7 %", Value(page, "backorder-rate"));
        Assert.Equal("2", Value(page, "waiting-lines"));
        Assert.Equal("6", Value(page, "waiting-units"));
        Assert.Equal("3", Value(page, "skus"));
        Assert.Equal("2", Value(page, "skus-at-reorder-point"));
        Assert.Equal("3", Value(page, "open-po-lines"));
        Assert.Equal("1", Value(page, "late-po-lines"));
        Assert.Empty(page.FindAll(".empty-state"));

        // KPIs of the last 30 days (Feb 1 – Mar 2) against the 30 before, when nothing was placed.
        page.WaitForAssertion(() => Assert.Equal(7, page.FindAll("[data-metric^=kpi-]").Count));
        Assert.Contains("Feb 1 – Mar 2", page.Markup, StringComparison.Ordinal);
        Assert.Equal("no previous period to compare", page.Find("[data-metric=kpi-backorder-rate] .metric-hint").TextContent.Trim());
    }

    [Fact]
    public async Task Backorder_rate_is_a_dash_when_no_order_is_open()
    {
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            db.AddRange(client, new Sku("A", "Rain jacket", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var page = RenderWithPopovers<DashboardPage>();

        page.WaitForAssertion(() => Assert.Equal("—", Value(page, "backorder-rate")));
        Assert.Equal("0", Value(page, "open-orders"));
        Assert.Equal("1", Value(page, "skus"));
    }

    private static string Value(IRenderedComponent<DashboardPage> page, string metric) =>
        page.Find($"[data-metric='{metric}'] .metric-value").TextContent.Trim();
}
