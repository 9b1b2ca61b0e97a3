using System.Net;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.Stock;
using BackorderDesk.Features.Verify;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.Features.Exports;
using BackorderDesk.Tests.TestSupport;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Planning;

/// <summary>
/// docs/rules.md R4 (one SKU, one set of planning numbers): the alert list, the planning API, the Planning grid,
/// the dashboard's count and the reorder export show the same ROP, SS, IP and suggested quantity.
/// NEW is made by hand and no planning run reaches it (today Tue 1 Dec 2026):
/// <list type="bullet">
/// <item>supplier NORTH quotes 10 days and has no receipts: L 10, σL 0;</item>
/// <item>orders: 3 units 30 days ago, 6 today: d̄ = 9 / 90 = 0.1; E[d²] = (9 + 36) / 90 = 0.5, σd² = 0.5 − 0.01 = 0.49, σd 0.7;</item>
/// <item>the only SKU of its client with demand value (9 × $5): class A, 98%, z 2.054;</item>
/// <item>SS = ⌈2.054 · √(10 · 0.49 + 0.1² · 0²)⌉ = ⌈4.547⌉ = 5; ROP = ⌈0.1 · 10 + 5⌉ = 6;</item>
/// <item>IP = 0 available + 0 on order − 9 backordered = −9; suggested = ⌈6 + 0.1 · 7 − (−9)⌉ = ⌈15.7⌉ = 16.</item>
/// </list>
/// OLD is discontinued with nothing at all: IP 0 ≤ ROP 0, but a discontinued SKU is never bought again,
/// so it is no alert anywhere.
/// </summary>
public sealed class OneSetOfPlanningNumbersTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "NORTH", name = "Northwind", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/suppliers", new { code = "SOUTH", name = "Southwind", leadTimeDays = 5 });
        await _api.PostJsonAsync("/api/skus", new { sku = "NEW", name = "New tent", policy = "Backorderable", supplier = "NORTH", unitCost = 5m });
        await _api.PostJsonAsync("/api/skus", new { sku = "OLD", name = "Old tent", policy = "Discontinued", supplier = "NORTH", unitCost = 5m });
        await _app.PlaceOrderAsync("SO-1", "NEW", 3, placedAt: _app.Clock.GetUtcNow().UtcDateTime.AddDays(-30));
        await _app.PlaceOrderAsync("SO-2", "NEW", 6);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_sku_no_run_has_reached_shows_the_same_hand_computed_numbers_everywhere()
    {
        var expected = (Sku: "NEW", Ip: -9, Rop: 6, Ss: 5, Suggested: 16);

        var alerts = (await (await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts")).JsonAsync()).EnumerateArray().ToList();
        var alert = Assert.Single(alerts);
        Assert.Equal(expected, (alert.GetProperty("sku").GetString()!, alert.GetProperty("inventoryPosition").GetInt32(), alert.GetProperty("reorderPoint").GetInt32(), alert.GetProperty("safetyStock").GetInt32(), alert.GetProperty("suggestedQty").GetInt32()));

        var planning = await (await _app.ReadOnly().GetUrlAsync("/api/skus/NEW/planning")).JsonAsync();
        Assert.Equal(expected, ("NEW", planning.GetProperty("inventoryPosition").GetInt32(), planning.GetProperty("reorderPoint").GetInt32(), planning.GetProperty("safetyStock").GetInt32(), planning.GetProperty("suggestedQty").GetInt32()));
        Assert.Equal("A", planning.GetProperty("abcClass").GetString());
        Assert.Equal(2.054, planning.GetProperty("z").GetDouble());
        Assert.Equal(0.1, planning.GetProperty("demandMean").GetDouble(), 1e-9);
        Assert.Equal(0.7, planning.GetProperty("demandStdDev").GetDouble(), 1e-9);
        Assert.Equal(10.0, planning.GetProperty("leadTimeMean").GetDouble(), 1e-9);

        var grid = await _app.Services.GetRequiredService<ListPlanning>().HandleAsync(new PlanningQuery(), Ct);
        var row = Assert.Single(grid.Rows);
        Assert.Equal(expected, (row.Sku, row.InventoryPosition, row.ReorderPoint, row.SafetyStock, row.SuggestedQty));
        Assert.Equal(1, grid.Alerts);

        var dashboard = await _app.Services.GetRequiredService<DashboardSummary>().HandleAsync(null, Ct);
        Assert.Equal(1, dashboard.SkusAtOrBelowReorderPoint);

        // The stock grid's "Below reorder point" filter lists what the dashboard counts (not OLD: discontinued, at 0 ≤ 0).
        var stock = await _app.Services.GetRequiredService<ListStock>().HandleAsync(StockQuery.FromQueryString("?below=true"), Ct);
        Assert.Equal(["NEW"], stock.Rows.Select(r => r.Sku));
        Assert.True(stock.Rows.Single().BelowReorderPoint);

        using var workbook = await DownloadAsync("/api/exports/reorder.xlsx");
        var sheet = workbook.Worksheet("Reorder");
        Assert.Equal(1, ExportsApiTests.DataRows(sheet));
        var cells = ExportsApiTests.RowOf(sheet, "NEW");
        Assert.Equal(expected, ("NEW", (int)cells.Cell(5).GetDouble(), (int)cells.Cell(6).GetDouble(), (int)cells.Cell(7).GetDouble(), (int)cells.Cell(10).GetDouble()));

        Assert.Equal(0, (await VerifyAsync()).DriftCount);
    }

    [Fact]
    public async Task A_sku_that_becomes_discontinued_leaves_every_list_and_count_alike()
    {
        var put = await _api.PutJsonAsync("/api/skus/NEW", new { sku = "NEW", name = "New tent", policy = "Discontinued", supplier = "NORTH", unitCost = 5m });
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Empty((await (await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts")).JsonAsync()).EnumerateArray());
        var grid = await _app.Services.GetRequiredService<ListPlanning>().HandleAsync(new PlanningQuery(), Ct);
        Assert.Equal(0, grid.Alerts);
        Assert.Equal(0, (await _app.Services.GetRequiredService<DashboardSummary>().HandleAsync(null, Ct)).SkusAtOrBelowReorderPoint);
        Assert.Empty((await _app.Services.GetRequiredService<ListStock>().HandleAsync(StockQuery.FromQueryString("?below=true"), Ct)).Rows);
        using var workbook = await DownloadAsync("/api/exports/reorder.xlsx");
        Assert.Equal(0, ExportsApiTests.DataRows(workbook.Worksheet("Reorder")));
        Assert.Equal(0, (await VerifyAsync()).DriftCount);
    }

    [Fact]
    public async Task A_new_order_moves_the_stored_numbers_in_the_same_write()
    {
        // 9 more today: 18 units, d̄ 0.2; days 3 and 15 over 90: E[d²] = (9 + 225) / 90 = 2.6, σd² = 2.6 − 0.04 = 2.56, σd 1.6.
        // SS = ⌈2.054 · √(10 · 2.56)⌉ = ⌈2.054 · 5.0596⌉ = ⌈10.392⌉ = 11; ROP = ⌈0.2 · 10 + 11⌉ = 13.
        await _app.PlaceOrderAsync("SO-3", "NEW", 9);

        var alert = (await (await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts")).JsonAsync()).EnumerateArray().Single();
        var planning = await (await _app.ReadOnly().GetUrlAsync("/api/skus/NEW/planning")).JsonAsync();

        Assert.Equal(13, alert.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(11, alert.GetProperty("safetyStock").GetInt32());
        Assert.Equal(13, planning.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(1.6, planning.GetProperty("demandStdDev").GetDouble(), 1e-9);

        // IP −18; ⌈13 + 0.2 · 7 + 18⌉ = ⌈32.4⌉ = 33 in both.
        Assert.Equal(33, alert.GetProperty("suggestedQty").GetInt32());
        Assert.Equal(33, planning.GetProperty("suggestedQty").GetInt32());
    }

    [Fact]
    public async Task The_reorder_export_honours_the_planning_pages_filters()
    {
        await _api.PostJsonAsync("/api/skus", new { sku = "SOUTHY", name = "South stove", policy = "Backorderable", supplier = "SOUTH", reorderPoint = 10 });

        using var all = await DownloadAsync("/api/exports/reorder.xlsx");
        using var north = await DownloadAsync("/api/exports/reorder.xlsx?supplier=NORTH");
        using var search = await DownloadAsync("/api/exports/reorder.xlsx?q=stove");

        Assert.Equal(["NEW", "SOUTHY"], Skus(all).Order(StringComparer.Ordinal));
        Assert.Equal(["NEW"], Skus(north));
        Assert.Equal(["SOUTHY"], Skus(search));
        Assert.Equal("NORTH", ExportsApiTests.AboutValue(north, "Filter: supplier"));
    }

    private static List<string> Skus(XLWorkbook workbook) =>
        workbook.Worksheet("Reorder").RowsUsed().Skip(1).Select(r => r.Cell(1).GetString()).ToList();

    private async Task<XLWorkbook> DownloadAsync(string url)
    {
        var response = await _app.ReadOnly().GetAsync(new Uri(url, UriKind.Relative), Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        return new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync(Ct)));
    }

    private async Task<VerifyReport> VerifyAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<WarehouseVerifier>().VerifyAsync(Ct);
    }
}

/// <summary>A SKU written straight to the database, which nothing has computed: the first reader computes and stores it.</summary>
public sealed class UnplannedSkuReadersTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();

    public async ValueTask InitializeAsync()
    {
        _app.ReadOnly().Dispose();
        await using var db = _app.CreateDbContext();
        await PlanningDataSet.SeedAsync(db, DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime));
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task The_alert_list_shows_the_reorder_point_the_planning_api_shows_never_zero_for_want_of_a_run()
    {
        // HOT (PlanningDataSet): SS 14, ROP 44, IP −1,260, suggestion 1,325 — stored ROP 0 before any reader.
        var alerts = (await (await _app.ReadOnly().GetUrlAsync("/api/reorder-alerts")).JsonAsync()).EnumerateArray().ToDictionary(a => a.GetProperty("sku").GetString()!);
        var planning = await (await _app.ReadOnly().GetUrlAsync("/api/skus/HOT/planning")).JsonAsync();

        Assert.Equal(44, alerts["HOT"].GetProperty("reorderPoint").GetInt32());
        Assert.Equal(14, alerts["HOT"].GetProperty("safetyStock").GetInt32());
        Assert.Equal(1_325, alerts["HOT"].GetProperty("suggestedQty").GetInt32());
        Assert.Equal(44, planning.GetProperty("reorderPoint").GetInt32());
        Assert.Equal(1_325, planning.GetProperty("suggestedQty").GetInt32());

        // The dashboard's counter follows the stored numbers the readers computed, and equals a recount.
        var dashboard = await _app.Services.GetRequiredService<DashboardSummary>().HandleAsync(null, TestContext.Current.CancellationToken);
        Assert.Equal(alerts.Count, dashboard.SkusAtOrBelowReorderPoint);
        await using var db = _app.CreateDbContext();
        var recount = await BackorderDesk.Data.OrderCounters.RecomputeStockAsync(db, TestContext.Current.CancellationToken);
        Assert.Equal(alerts.Count, recount.Values.Sum(f => f.AtOrBelowReorderPoint));
    }
}
