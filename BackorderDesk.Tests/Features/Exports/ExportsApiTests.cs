using BackorderDesk.Tests.TestSupport;
using BackorderDesk.Hosting;
using System.Net;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.Stock;
using BackorderDesk.Tests.Features.Catalog;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Exports;

/// <summary>
/// The workbooks of GET /api/exports/{name}.xlsx read back with ClosedXML. Today is Tuesday
/// 1 December 2026 (CatalogHost). The warehouse, by hand:
/// <code>
/// SKU  client   name                                   supplier unit cost  waiting line (customer)        on order
/// A-1  DEFAULT  =HYPERLINK("http://evil.example","x")  NORTH    12.50      SO-1 ×3 (+Ada), SO-2 ×1 (Bob)   PO-1 ×5 on Dec 8
/// B-2  DEFAULT  Fleece                                 NORTH     4.00      SO-2 ×2 (Bob)
/// C-3  BETA     Bike lock                              NORTH     7.00      SO-3 ×4 (Cy)
/// </code>
/// </summary>
public sealed class ExportsApiTests : IAsyncLifetime
{
    private const string FormulaName = "=HYPERLINK(\"http://evil.example\",\"x\")";
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/clients", new { code = "BETA", name = "Beta Bikes" });
        await _api.PostJsonAsync("/api/suppliers", new { code = "NORTH", name = "Northwind", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/skus", new { sku = "A-1", name = FormulaName, policy = "Backorderable", supplier = "NORTH", unitCost = 12.5m });
        await _api.PostJsonAsync("/api/skus", new { sku = "B-2", name = "Fleece", policy = "Backorderable", supplier = "NORTH", unitCost = 4m });
        await _api.PostJsonAsync("/api/skus", new { sku = "C-3", name = "Bike lock", client = "BETA", policy = "Backorderable", supplier = "NORTH", unitCost = 7m });
        await PlaceAsync("SO-1", "+Ada", DefaultClient.Code, ("A-1", 3));
        await PlaceAsync("SO-2", "Bob", DefaultClient.Code, ("B-2", 2), ("A-1", 1));
        await PlaceAsync("SO-3", "Cy", "BETA", ("C-3", 4));
        var po = await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-1", supplier = "NORTH", lines = new[] { new { sku = "A-1", qty = 5, expectedDate = "2026-12-08" } } });
        Assert.Equal(HttpStatusCode.Created, po.StatusCode);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Backorders_workbook_has_typed_cells_a_frozen_filtered_header_and_the_grids_rows()
    {
        using var workbook = await DownloadAsync("/api/exports/backorders.xlsx");

        Assert.Equal(["Backorders", "About"], workbook.Worksheets.Select(w => w.Name));
        var ws = workbook.Worksheet("Backorders");
        Assert.Equal(
            ["Order", "Line", "Customer", "Client", "SKU", "SKU name", "Ordered", "Allocated", "Waiting", "Priority", "Placed at", "Age (days)", "ETA from", "ETA to", "ETA confirmed", "On hold", "Rolling backorder", "Ship policy"],
            Headers(ws));
        Assert.Equal(4, DataRows(ws));
        Assert.Equal((await GridBackordersAsync(new BackorderFilter())).TotalCount, DataRows(ws));
        AssertFrozenAndFiltered(ws, "A1:R5");

        var so1 = RowOf(ws, "SO-1");
        Assert.Equal(XLDataType.Number, so1.Cell(2).DataType);
        Assert.Equal(1, so1.Cell(2).GetDouble());
        Assert.Equal("#,##0", FormatOf(so1.Cell(2)));
        Assert.Equal(3, so1.Cell(9).GetDouble());
        Assert.Equal(XLDataType.DateTime, so1.Cell(11).DataType);
        Assert.Equal(CatalogHost.Start.UtcDateTime, so1.Cell(11).GetDateTime());
        Assert.Equal("yyyy-mm-dd hh:mm", FormatOf(so1.Cell(11)));

        // PO-1 on Tuesday 8 December covers SO-1; one working day of handling makes the 9th.
        Assert.Equal(new DateTime(2026, 12, 9), so1.Cell(14).GetDateTime());
        Assert.Equal("yyyy-mm-dd", FormatOf(so1.Cell(14)));
        Assert.Equal("yes", so1.Cell(15).GetString());

        // Formula-like text comes back as text, and nothing in the workbook is a formula.
        Assert.Equal(XLDataType.Text, so1.Cell(3).DataType);
        Assert.Equal("+Ada", so1.Cell(3).GetString());
        Assert.Equal(FormulaName, so1.Cell(6).GetString());
        Assert.Equal(XLDataType.Text, so1.Cell(6).DataType);
        AssertNoFormula(workbook);
        Assert.True(ws.Column(6).Width >= FormulaName.Length, $"The SKU name column is {ws.Column(6).Width} wide.");
    }

    [Fact]
    public async Task Backorders_workbook_respects_the_client_and_the_pages_filters()
    {
        using var beta = await DownloadAsync("/api/exports/backorders.xlsx?client=BETA");
        using var skuA = await DownloadAsync("/api/exports/backorders.xlsx?client=DEFAULT&sku=A-1&unconfirmed=yes");

        var betaSheet = beta.Worksheet("Backorders");
        Assert.Equal(1, DataRows(betaSheet));
        Assert.Equal("SO-3", betaSheet.Cell(2, 1).GetString());
        Assert.Equal(4, betaSheet.Cell(2, 9).GetDouble());
        Assert.Equal("BETA", AboutValue(beta, "Client"));

        // SO-2's A-1 line waits behind SO-1's 3 units; PO-1's 5 cover both, so no A-1 line is unconfirmed.
        var filter = BackorderFilterUrl.Parse("?client=DEFAULT&sku=A-1&unconfirmed=yes");
        Assert.Equal((await GridBackordersAsync(filter)).TotalCount, DataRows(skuA.Worksheet("Backorders")));
        Assert.Equal(0, DataRows(skuA.Worksheet("Backorders")));
        Assert.Equal("A-1", AboutValue(skuA, "Filter: sku"));
    }

    [Fact]
    public async Task Stock_workbook_has_the_grids_rows_money_and_formula_like_names_as_text()
    {
        using var all = await DownloadAsync("/api/exports/stock.xlsx");
        using var filtered = await DownloadAsync("/api/exports/stock.xlsx?client=DEFAULT&backorders=true&sort=onorder&dir=desc");

        var ws = all.Worksheet("Stock");
        Assert.Equal(["Stock", "About"], all.Worksheets.Select(w => w.Name));
        Assert.Equal(["SKU", "Name", "Client", "Policy", "Supplier", "On hand", "Allocated", "Available", "On order", "Next expected", "Backordered", "Reorder point", "Safety stock", "Manual reorder values", "Inventory position", "Below reorder point", "Unit cost"], Headers(ws));
        Assert.Equal(3, DataRows(ws));
        AssertFrozenAndFiltered(ws, "A1:Q4");
        var a = RowOf(ws, "A-1");
        Assert.Equal(FormulaName, a.Cell(2).GetString());
        Assert.Equal(5, a.Cell(9).GetDouble());
        Assert.Equal(new DateTime(2026, 12, 8), a.Cell(10).GetDateTime());
        Assert.Equal(4, a.Cell(11).GetDouble());

        // Inventory position = 0 − 0 + 5 − 4 = 1.
        Assert.Equal(1, a.Cell(15).GetDouble());
        Assert.Equal(12.5, a.Cell(17).GetDouble());
        Assert.Equal("[$$-409]#,##0.00", FormatOf(a.Cell(17)));
        AssertNoFormula(all);

        var sheet = filtered.Worksheet("Stock");
        var grid = await _app.Services.GetRequiredService<ListStock>().HandleAsync(StockQuery.FromQueryString("?client=DEFAULT&backorders=true&sort=onorder&dir=desc"), TestContext.Current.CancellationToken);
        Assert.Equal(grid.Total, DataRows(sheet));
        Assert.Equal(["A-1", "B-2"], Enumerable.Range(2, DataRows(sheet)).Select(r => sheet.Cell(r, 1).GetString()));
    }

    [Fact]
    public async Task Small_workbooks_have_their_sheets_headers_formats_and_about()
    {
        using var reorder = await DownloadAsync("/api/exports/reorder.xlsx");
        using var kpis = await DownloadAsync("/api/exports/kpis.xlsx?client=DEFAULT");
        using var suppliers = await DownloadAsync("/api/exports/suppliers.xlsx");
        using var orders = await DownloadAsync("/api/exports/purchase-orders.xlsx?status=all");

        Assert.Equal(["Reorder", "About"], reorder.Worksheets.Select(w => w.Name));
        Assert.Equal(["SKU", "Name", "Client", "Supplier", "Inventory position", "Reorder point", "Safety stock", "Manual", "Backordered", "Suggested qty"], Headers(reorder.Worksheet("Reorder")));

        // Each order computes its SKU's reorder point from the demand at once (one set of planning
        // numbers): 4, 2 and 4 units ordered today over 14 days' lead time put every reorder point
        // above its position, A-1's 1, B-2's −2 and C-3's −4, so all three are alerts.
        Assert.Equal(["A-1", "B-2", "C-3"], Enumerable.Range(2, DataRows(reorder.Worksheet("Reorder"))).Select(r => reorder.Worksheet("Reorder").Cell(r, 1).GetString()).Order(StringComparer.Ordinal));
        AssertFrozenAndFiltered(reorder.Worksheet("Reorder"), "A1:J4");

        Assert.Equal(["KPIs", "Daily", "About"], kpis.Worksheets.Select(w => w.Name));
        var kpiSheet = kpis.Worksheet("KPIs");
        Assert.Equal("Backorder rate", kpiSheet.Cell(1, 4).GetString());

        // Both DEFAULT orders were placed today with a waiting line: a backorder rate of 100 %.
        Assert.Equal(1.0, kpiSheet.Cell(2, 4).GetDouble());
        Assert.Equal("0.0%", FormatOf(kpiSheet.Cell(2, 4)));
        Assert.Equal(2, kpiSheet.Cell(2, 12).GetDouble());
        var daily = kpis.Worksheet("Daily");
        Assert.Equal(90, DataRows(daily));
        Assert.Equal(new DateTime(2026, 12, 1), daily.Cell(91, 1).GetDateTime());
        Assert.Equal("yyyy-mm-dd", FormatOf(daily.Cell(91, 1)));
        AssertFrozenAndFiltered(daily, "A1:D91");
        Assert.Equal("DEFAULT", AboutValue(kpis, "Client"));
        Assert.Contains("orders placed in the period", AboutValue(kpis, "Backorder rate"), StringComparison.OrdinalIgnoreCase);

        var supplierSheet = suppliers.Worksheet("Suppliers");
        Assert.Equal(1, DataRows(supplierSheet));
        Assert.Equal("NORTH", supplierSheet.Cell(2, 1).GetString());

        // Open value: 5 units of A-1 at 12.50.
        Assert.Equal(62.5, supplierSheet.Cell(2, 15).GetDouble());
        Assert.Equal("[$$-409]#,##0.00", FormatOf(supplierSheet.Cell(2, 15)));
        Assert.Equal(10, supplierSheet.Cell(2, 16).GetDouble());

        var poSheet = orders.Worksheet("Purchase orders");
        Assert.Equal(1, DataRows(poSheet));
        Assert.Equal(new DateTime(2026, 12, 8), poSheet.Cell(2, 11).GetDateTime());
        Assert.Equal("all", AboutValue(orders, "Filter: status").ToLowerInvariant());
        foreach (var workbook in new[] { reorder, kpis, suppliers, orders })
        {
            AssertNoFormula(workbook);
            var about = workbook.Worksheet("About");
            Assert.Equal(CatalogHost.Start.UtcDateTime, about.Cell(3, 2).GetDateTime());
        }
    }

    [Fact]
    public async Task Client_filter_narrows_the_small_workbooks_and_an_unknown_client_is_404()
    {
        using var reorder = await DownloadAsync("/api/exports/reorder.xlsx?client=BETA");

        Assert.Equal(["C-3"], Enumerable.Range(2, DataRows(reorder.Worksheet("Reorder"))).Select(r => reorder.Worksheet("Reorder").Cell(r, 1).GetString()));
        var unknown = await _api.GetUrlAsync("/api/exports/stock.xlsx?client=NOPE");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetUrlAsync("/api/exports/everything.xlsx")).StatusCode);
    }

    [Fact]
    public async Task Signed_in_desk_users_download_without_a_key_but_nobody_else_and_a_wrong_key_is_401()
    {
        // The export link works with the sign-in cookie (and the person's role); without it, nothing.
        var desk = await _app.CreateSignedInClientAsync(DeskRoles.Manager);
        var answer = await desk.GetAsync("/api/exports/stock.xlsx", TestContext.Current.CancellationToken);
        var anonymous = await _app.CreateClientWithKey(null).GetAsync("/api/exports/stock.xlsx", TestContext.Current.CancellationToken);
        var wrongKey = await _app.CreateClientWithKey("not-a-key").GetAsync("/api/exports/stock.xlsx", TestContext.Current.CancellationToken);
        var readOnly = await _app.ReadOnly().GetAsync("/api/exports/stock.xlsx", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", answer.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("stock-2026-12-01-0900", answer.Content.Headers.ContentDisposition?.FileNameStar ?? answer.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, readOnly.StatusCode);
    }

    private async Task<XLWorkbook> DownloadAsync(string url)
    {
        var response = await _api.GetAsync(url, TestContext.Current.CancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        var bytes = await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
        return new XLWorkbook(new MemoryStream(bytes));
    }

    private async Task<BackorderList> GridBackordersAsync(BackorderFilter filter) =>
        await _app.Services.GetRequiredService<ListBackorders>().HandleAsync(new BackorderQuery(filter, PageSize: 200), TestContext.Current.CancellationToken);

    private Task PlaceAsync(string number, string customerName, string clientCode, params (string Sku, int Qty)[] lines) =>
        _app.Services.GetRequiredService<WarehouseWriter>().WriteAsync(
            async (scope, ct) =>
            {
                var client = await scope.Db.Clients.FirstAsync(c => c.Code == clientCode, ct);
                var customer = new Customer($"C-{number}", customerName, $"{number.ToLowerInvariant()}@example.com", CustomerType.Dtc);
                var order = new SalesOrder(number, client, customer, "test", scope.Now, ShipPolicy.ShipPartial, OrderPriority.Standard);
                var books = new Dictionary<Sku, SkuBook>();
                foreach (var (code, qty) in lines)
                {
                    var sku = await scope.Db.Skus.FirstAsync(s => s.Code == code, ct);
                    books[sku] = await scope.LoadBookAsync(sku, ct);
                    order.AddLine(sku, qty);
                }

                scope.Db.Orders.Add(order);
                WarehouseOperations.PlaceOrder(order, books, scope.Operation);
                return true;
            },
            TestContext.Current.CancellationToken);

    internal static List<string> Headers(IXLWorksheet ws) =>
        Enumerable.Range(1, ws.LastColumnUsed()!.ColumnNumber()).Select(c => ws.Cell(1, c).GetString()).ToList();

    internal static int DataRows(IXLWorksheet ws) => ws.LastRowUsed()!.RowNumber() - 1;

    internal static IXLRow RowOf(IXLWorksheet ws, string first) =>
        ws.RowsUsed().Single(r => r.Cell(1).GetString() == first);

    internal static void AssertFrozenAndFiltered(IXLWorksheet ws, string range)
    {
        Assert.Equal(1, ws.SheetView.SplitRow);
        Assert.Equal(0, ws.SheetView.SplitColumn);
        Assert.True(ws.AutoFilter.IsEnabled, $"{ws.Name} has no autofilter.");
        Assert.Equal(range, ws.AutoFilter.Range.RangeAddress.ToString());
        Assert.True(ws.Cell(1, 1).Style.Font.Bold, $"{ws.Name}'s header is not bold.");
    }

    internal static void AssertNoFormula(XLWorkbook workbook)
    {
        foreach (var ws in workbook.Worksheets)
        {
            Assert.DoesNotContain(ws.CellsUsed(), c => c.HasFormula);
        }
    }

    internal static string AboutValue(XLWorkbook workbook, string label)
    {
        var about = workbook.Worksheet("About");
        return about.RowsUsed().First(r => r.Cell(1).GetString() == label).Cell(2).GetString();
    }

    /// <summary>The cell's number format code, also when the file names a built-in format by id.</summary>
    internal static string FormatOf(IXLCell cell)
    {
        var format = cell.Style.NumberFormat;
        return !string.IsNullOrEmpty(format.Format) ? format.Format : format.NumberFormatId switch
        {
            3 => "#,##0",
            4 => "#,##0.00",
            14 => "yyyy-mm-dd",
            49 => "@",
            var id => $"builtin {id}",
        };
    }
}
