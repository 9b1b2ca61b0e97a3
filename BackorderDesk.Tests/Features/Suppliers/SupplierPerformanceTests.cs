using BackorderDesk.Features.Suppliers;
using BackorderDesk.Tests.Features.PurchaseOrders;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Suppliers;

/// <summary>Figures worked out by hand in <see cref="PurchaseOrdersDataSet"/>.</summary>
public sealed class SupplierPerformanceTests : MudBunitContext
{
    private SupplierPerformance Performance => Services.GetRequiredService<SupplierPerformance>();

    [Fact]
    public async Task Each_supplier_gets_on_time_rate_lateness_lead_time_open_value_and_backorders()
    {
        await SeedAsync();

        var rows = await Performance.ListAsync(null, TestContext.Current.CancellationToken);

        Assert.Equal(
            [
                new SupplierPerformanceRow("NORTH", "Northwind Supply", 10, 2, 50.0m, 1.0m, 1.0m, 0, 2, 9.5m, 1.5m, 2, 1, 9, 60.00m, 3, "P50–P90", 0, 2),
                new SupplierPerformanceRow("SOUTH", "Southwind", 5, 1, 0.0m, 8.0m, 0.0m, 8, 8, 18.0m, 0.0m, 0, 0, 0, 0m, 0, "P50–P90", 8, 8),
            ],
            rows);
    }

    [Fact]
    public async Task The_percentiles_are_the_ones_the_eta_ranges_use_at_the_default_pair()
    {
        await SeedAsync();

        var north = (await Performance.ListAsync(null, TestContext.Current.CancellationToken))[0];

        await using var db = Database.CreateDbContext();
        var stored = db.Suppliers.Where(s => s.Code == "NORTH").Select(s => new { s.LatenessP50Days, s.LatenessP90Days, s.EtaRangeFromDays, s.EtaRangeToDays }).Single();
        Assert.Equal((stored.LatenessP50Days, stored.LatenessP90Days), (north.LatenessP50Days!.Value, north.LatenessP90Days!.Value));
        Assert.Equal((stored.EtaRangeFromDays, stored.EtaRangeToDays), (north.LatenessP50Days!.Value, north.LatenessP90Days!.Value));
        Assert.Equal("P50–P90", north.EtaRange);
    }

    [Fact]
    public async Task A_client_narrows_the_suppliers_to_its_skus()
    {
        await SeedAsync();

        var beta = await Performance.ListAsync("BETA", TestContext.Current.CancellationToken);

        Assert.Equal(["SOUTH"], beta.Select(r => r.Code));
        Assert.Empty(await Performance.ListAsync("NOBODY", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Weekly_trend_counts_receipts_by_the_week_they_arrived()
    {
        await SeedAsync();

        var detail = await Performance.GetAsync("NORTH", TestContext.Current.CancellationToken);

        Assert.Equal(SupplierPerformance.TrendWeeks, detail!.Trend.Count);
        Assert.Equal(new DateOnly(2025, 12, 8), detail.Trend[0].WeekStart);
        Assert.Equal(new DateOnly(2026, 3, 2), detail.Trend[^1].WeekStart);

        // Both receipts (Feb 9 on time, Feb 12 late) fall in the week of Monday 9 February.
        var week = Assert.Single(detail.Trend, t => t.Receipts > 0);
        Assert.Equal(new SupplierTrendPoint(new DateOnly(2026, 2, 9), 2, 1, 50.0m), week);
        Assert.Null(await Performance.GetAsync("NOPE", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Suppliers_page_lists_the_figures_and_links_each_supplier()
    {
        await SeedAsync();

        var page = RenderWithPopovers<SuppliersPage>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.supplier-row").Count));
        var north = page.Find("tr[data-supplier='NORTH']");
        Assert.Equal("50 %", north.QuerySelector("[data-col=ontime]")!.TextContent.Trim());
        Assert.Equal("60.00", north.QuerySelector("[data-col=value]")!.TextContent.Trim());
        Assert.Equal("3", north.QuerySelector("[data-col=backordered]")!.TextContent.Trim());
        Assert.Contains("9.5 ± 1.5", north.TextContent, StringComparison.Ordinal);
        Assert.Equal("P50–P90 (0–2 days)", north.QuerySelector("[data-col=etarange]")!.TextContent.Trim());
        Assert.Equal("/suppliers/NORTH", north.QuerySelector("a.supplier-link")!.GetAttribute("href"));
        Assert.Equal("/api/exports/suppliers.xlsx", page.Find("a.export-suppliers").GetAttribute("href"));
    }

    [Fact]
    public async Task Supplier_page_shows_its_figures_and_the_trend_chart()
    {
        await SeedAsync();

        var page = RenderWithPopovers<SupplierPage>(p => p.Add(x => x.Code, "NORTH"));

        page.WaitForAssertion(() => Assert.Equal("50 %", Figure(page, "ontime")));
        Assert.Equal("1 ± 1", Figure(page, "lateness"));
        Assert.Contains("P50 0, P90 2", page.Find("[data-figure=lateness]").TextContent, StringComparison.Ordinal);
        Assert.Equal("9.5 ± 1.5", Figure(page, "leadtime"));
        Assert.Equal("P50–P90 (0–2 days)", Figure(page, "etarange"));
        Assert.Equal("60.00", Figure(page, "open"));
        Assert.Equal("3", Figure(page, "backordered"));
        Assert.Equal("1", page.Find(".supplier-trend").GetAttribute("data-weeks"));
        Assert.Equal("/purchase-orders?supplier=NORTH", page.Find("a.supplier-open-pos").GetAttribute("href"));
    }

    private static string Figure(IRenderedComponent<SupplierPage> page, string key) =>
        page.Find($"[data-figure={key}] .supplier-figure-value").TextContent.Trim();

    private async Task SeedAsync()
    {
        await using var db = Database.CreateDbContext();
        await PurchaseOrdersDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }
}
