using BackorderDesk.Features.Backorders;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Backorders;

public sealed class BackordersPageTests : MudBunitContext
{
    [Fact]
    public void Nothing_waiting_is_good_news_and_says_so()
    {
        var page = RenderWithPopovers<BackordersPage>();

        page.WaitForAssertion(() =>
            Assert.Contains("Nothing is waiting for stock", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Contains("Good news", page.Find(".empty-state").TextContent, StringComparison.Ordinal);
        Assert.Empty(page.FindAll(".empty-clear-filters"));
    }

    [Fact]
    public async Task Filters_in_the_url_apply_on_arrival()
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/backorders?client=ACME&unconfirmed=yes");

        var page = RenderWithPopovers<BackordersPage>();

        page.WaitForAssertion(() => Assert.Equal(["SO-2/1", "SO-6/1", "SO-4/1"], Rows(page)));
        Assert.Equal("ACME", page.Find(".filter-client input").GetAttribute("value"));
    }

    [Fact]
    public async Task A_row_shows_its_age_eta_and_chips()
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/backorders?priority=KeyAccount");

        var page = RenderWithPopovers<BackordersPage>();

        page.WaitForAssertion(() => Assert.Equal(["SO-2/1"], Rows(page)));
        var row = page.Find(".backorder-grid tbody tr");
        Assert.Equal("3", row.QuerySelector("[data-col=waiting]")!.TextContent.Trim());
        Assert.Equal("10", row.QuerySelector("[data-col=age]")!.TextContent.Trim());
        Assert.Equal("12–16 Mar 2026", row.QuerySelector("[data-col=eta]")!.TextContent.Trim());
        Assert.NotNull(row.QuerySelector(".chip-unconfirmed"));
        Assert.NotNull(row.QuerySelector(".chip-rolling"));
        Assert.NotNull(row.QuerySelector(".chip-ship-complete"));
        Assert.Null(row.QuerySelector(".chip-on-hold"));
        Assert.Equal("/backorders/B", row.QuerySelector("a.sku-queue-link")!.GetAttribute("href"));
    }

    [Fact]
    public async Task The_order_number_links_to_the_order_view_and_optional_columns_start_hidden()
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/backorders?priority=KeyAccount");

        var page = RenderWithPopovers<BackordersPage>();

        page.WaitForAssertion(() => Assert.Equal(["SO-2/1"], Rows(page)));
        var row = page.Find(".backorder-grid tbody tr");
        Assert.Equal("/customer-service/orders/SO-2", row.QuerySelector("a.order-link")!.GetAttribute("href"));
        Assert.Equal(
            ["Order", "Customer", "SKU", "Waiting", "Age (days)", "ETA", "Flags"],
            page.FindAll(".backorder-grid thead th .column-header").Select(h => h.TextContent.Trim()).Where(t => t.Length > 0));
    }

    [Fact]
    public async Task Typing_a_sku_filters_the_grid_and_writes_the_url()
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/backorders");
        var page = RenderWithPopovers<BackordersPage>();
        page.WaitForAssertion(() => Assert.Equal(5, Rows(page).Length));

        page.Find(".filter-sku input").Change("C");

        page.WaitForAssertion(() => Assert.Equal(["SO-3/1"], Rows(page)));
        Assert.EndsWith("/backorders?sku=C", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ticking_rolling_backorders_only_keeps_the_rolling_line()
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/backorders");
        var page = RenderWithPopovers<BackordersPage>();
        page.WaitForAssertion(() => Assert.Equal(5, Rows(page).Length));

        page.Find(".filter-rolling input").Change(true);

        page.WaitForAssertion(() => Assert.Equal(["SO-2/1"], Rows(page)));
        Assert.EndsWith("/backorders?rolling=yes", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_match_says_how_to_widen_and_clearing_shows_every_line()
    {
        await SeedAsync();
        Services.GetRequiredService<NavigationManager>().NavigateTo("/backorders?client=BETA&hold=no");

        var page = RenderWithPopovers<BackordersPage>();

        page.WaitForAssertion(() =>
            Assert.Contains("No waiting line matches these filters", page.Find(".empty-state").TextContent, StringComparison.Ordinal));
        Assert.Contains("Widen the view", page.Find(".empty-state").TextContent, StringComparison.Ordinal);

        page.Find(".empty-clear-filters").Click();

        page.WaitForAssertion(() => Assert.Equal(5, Rows(page).Length));
        Assert.EndsWith("/backorders", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        await BackordersDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    private static string[] Rows(IRenderedComponent<BackordersPage> page) =>
        [.. page.FindAll(".backorder-grid [data-order]").Select(e => e.GetAttribute("data-order")!)];
}
