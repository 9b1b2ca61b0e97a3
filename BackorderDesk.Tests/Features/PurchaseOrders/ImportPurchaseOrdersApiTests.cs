using System.Net;
using System.Net.Http.Headers;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using ClosedXML.Excel;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.PurchaseOrders;

/// <summary>POST /api/purchase-orders/import and the template; today is Tuesday 1 December 2026.</summary>
public sealed class ImportPurchaseOrdersApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        await _api.PostJsonAsync("/api/suppliers", new { code = "NORTH", name = "Northwind", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/suppliers", new { code = "SOUTH", name = "Southwind", leadTimeDays = 10 });
        await _api.PostJsonAsync("/api/skus", new { sku = "TENT-1", name = "Tent", policy = "Backorderable", supplier = "NORTH" });
        await _api.PostJsonAsync("/api/skus", new { sku = "MAT-1", name = "Mat", policy = "Backorderable", supplier = "NORTH" });
        await _api.PostJsonAsync("/api/purchase-orders", new { number = "PO-OLD", supplier = "NORTH", lines = new[] { new { sku = "MAT-1", qty = 1, expectedDate = "2026-12-20" } } });
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_valid_file_creates_the_purchase_orders_their_on_order_and_the_waiting_lines_etas()
    {
        await _app.PlaceOrderAsync("SO-1", "TENT-1", 3);
        var file = Workbook(
            ["PO-10", "NORTH", "TENT-1", 20, new DateTime(2026, 12, 8)],
            ["PO-10", "NORTH", "MAT-1", 6, "2026-12-10"],
            ["PO-11", "SOUTH", "TENT-1", 4, new DateTime(2026, 12, 1)]);

        var response = await UploadAsync(file);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((2, 3), (body.GetProperty("purchaseOrders").GetInt32(), body.GetProperty("lines").GetInt32()));
        var po10 = await (await _api.GetUrlAsync("/api/purchase-orders/PO-10")).JsonAsync();
        Assert.Equal("NORTH", po10.GetProperty("supplier").GetString());
        Assert.Equal(["TENT-1", "MAT-1"], po10.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("sku").GetString()));
        Assert.Equal("2026-12-10", po10.GetProperty("lines")[1].GetProperty("expectedDate").GetString());
        Assert.Equal(24, (await (await _api.GetUrlAsync("/api/skus/TENT-1")).JsonAsync()).GetProperty("onOrder").GetInt32());
        Assert.Equal(7, (await (await _api.GetUrlAsync("/api/skus/MAT-1")).JsonAsync()).GetProperty("onOrder").GetInt32());

        // PO-11 (today, Tuesday 1 December) covers SO-1's 3 units: handling makes Wednesday the 2nd.
        var queue = await (await _api.GetUrlAsync("/api/skus/TENT-1/queue")).JsonAsync();
        Assert.Equal("2026-12-02", queue[0].GetProperty("eta").GetProperty("to").GetString());
    }

    [Fact]
    public async Task One_bad_cell_imports_nothing_and_names_its_row_and_column()
    {
        var before = await _app.SnapshotAsync();
        var file = Workbook(
            ["PO-10", "NORTH", "TENT-1", 20, new DateTime(2026, 12, 8)],
            ["PO-10", "NORTH", "MAT-1", "six", new DateTime(2026, 12, 8)]);

        var problem = await (await UploadAsync(file)).ProblemAsync(400);

        Assert.Equal("The workbook has 1 error; nothing was imported. Fix them and upload it again.", problem.GetProperty("title").GetString());
        var error = Assert.Single(problem.GetProperty("errors").EnumerateObject());
        Assert.Equal("rows[3].Quantity", error.Name);
        Assert.Equal("must be a whole number from 1 to 1,000,000; \"six\" is not.", error.Value[0].GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Every_row_is_checked_and_all_errors_are_listed_by_row_and_column()
    {
        var before = await _app.SnapshotAsync();
        var file = Workbook(
            ["PO-OLD", "NORTH", "TENT-1", 1, new DateTime(2026, 12, 8)],
            ["PO-20", "GHOST", "NOPE-9", 0, new DateTime(2026, 11, 30)],
            ["PO-21", "NORTH", "TENT-1", 2.5, "next week"],
            ["PO-21", "SOUTH", "TENT-1", 1_000_001, new DateTime(2026, 12, 8)]);

        var result = await _app.Services.GetRequiredService<ImportPurchaseOrders>().HandleAsync(file, file.Length, DeskActor.System, TestContext.Current.CancellationToken);

        Assert.False(result.Imported);
        Assert.Equal(
            [
                (2, "PO number", "Purchase order PO-OLD already exists; use a new number."),
                (3, "Supplier", "There is no supplier GHOST. Create it first."),
                (3, "SKU", "There is no SKU NOPE-9. Create it first."),
                (3, "Quantity", "must be a whole number from 1 to 1,000,000; \"0\" is not."),
                (3, "Expected date", "2026-11-30 is in the past; the expected date must be today (2026-12-01) or later."),
                (4, "Quantity", "must be a whole number from 1 to 1,000,000; \"2.5\" is not."),
                (4, "Expected date", "must be a date (a date cell or yyyy-mm-dd); \"next week\" is not."),
                (5, "Supplier", "PO PO-21 names supplier NORTH on row 4; one purchase order has one supplier."),
                (5, "SKU", "PO PO-21 already has SKU TENT-1 on row 4; put the whole quantity on one row."),
                (5, "Quantity", "must be a whole number from 1 to 1,000,000; \"1000001\" is not."),
            ],
            result.Errors.Select(e => (e.Row, e.Column, e.Reason)));
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_file_that_is_not_a_workbook_or_has_other_columns_or_is_too_large_is_refused_whole()
    {
        var before = await _app.SnapshotAsync();
        var text = new MemoryStream("PO number,Supplier\nPO-1,NORTH\n"u8.ToArray());
        var wrongColumns = Workbook(["Number", "Supplier", "SKU", "Qty", "Date"], ["PO-10", "NORTH", "TENT-1", 1, new DateTime(2026, 12, 8)]);
        wrongColumns = Rewrite(wrongColumns, drop: 1);

        var notWorkbook = await (await UploadAsync(text, "orders.csv")).ValidationProblemAsync("file");
        var columns = await (await UploadAsync(wrongColumns)).ValidationProblemAsync("file");
        var tooLarge = await Assert.ThrowsAsync<ValidationException>(() =>
            _app.Services.GetRequiredService<ImportPurchaseOrders>().HandleAsync(new MemoryStream(), 11 * 1024 * 1024, DeskActor.System, TestContext.Current.CancellationToken));

        Assert.Equal("The file is not an Excel workbook (.xlsx). Download the template, fill it in and upload it as .xlsx.", notWorkbook.GetProperty("title").GetString());
        Assert.Equal("The first row of sheet 'Purchase orders' must be the columns PO number, Supplier, SKU, Quantity, Expected date; it is Number, Supplier, SKU, Qty, Date. Use the template.", columns.GetProperty("title").GetString());
        Assert.Equal("The file is 11.0 MB; the limit is 10 MB. Split it into smaller workbooks.", tooLarge.Title);
        await (await _app.ReadOnly().PostAsync("/api/purchase-orders/import", Form(Workbook(["PO-10", "NORTH", "TENT-1", 1, new DateTime(2026, 12, 8)]), "po.xlsx"), TestContext.Current.CancellationToken)).ProblemAsync(403);
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task The_template_has_the_import_columns_and_round_trips()
    {
        var bytes = await _api.GetByteArrayAsync("/api/exports/purchase-order-template.xlsx", TestContext.Current.CancellationToken);
        using (var template = new XLWorkbook(new MemoryStream(bytes)))
        {
            var ws = template.Worksheet("Purchase orders");
            Assert.Equal(PurchaseOrderTemplate.Columns, Enumerable.Range(1, 5).Select(c => ws.Cell(1, c).GetString()));
            Assert.Equal(1, ws.SheetView.SplitRow);
            ws.Cell(2, 1).SetValue("PO-30");
            ws.Cell(2, 2).SetValue("SOUTH");
            ws.Cell(2, 3).SetValue("MAT-1");
            ws.Cell(2, 4).SetValue(12);
            ws.Cell(2, 5).SetValue(new DateTime(2026, 12, 15));
            var filled = new MemoryStream();
            template.SaveAs(filled);
            filled.Position = 0;

            Assert.Equal(HttpStatusCode.OK, (await UploadAsync(filled)).StatusCode);
        }

        Assert.Equal(13, (await (await _api.GetUrlAsync("/api/skus/MAT-1")).JsonAsync()).GetProperty("onOrder").GetInt32());
    }

    /// <summary>A workbook in the template's columns with the given rows under the header.</summary>
    internal static MemoryStream Workbook(params object[][] rows)
    {
        using var workbook = new XLWorkbook();
        var ws = workbook.Worksheets.Add(PurchaseOrderTemplate.SheetName);
        for (var c = 0; c < PurchaseOrderTemplate.Columns.Length; c++)
        {
            ws.Cell(1, c + 1).SetValue(PurchaseOrderTemplate.Columns[c]);
        }

        for (var r = 0; r < rows.Length; r++)
        {
            for (var c = 0; c < rows[r].Length; c++)
            {
                var cell = ws.Cell(r + 2, c + 1);
                switch (rows[r][c])
                {
                    case DateTime d:
                        cell.SetValue(d);
                        break;
                    case int i:
                        cell.SetValue(i);
                        break;
                    case double x:
                        cell.SetValue(x);
                        break;
                    default:
                        cell.SetValue((string)rows[r][c]);
                        break;
                }
            }
        }

        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    /// <summary>Deletes the first <paramref name="drop"/> rows (e.g. the template header, so a row of other names becomes the header).</summary>
    private static MemoryStream Rewrite(MemoryStream file, int drop)
    {
        using var workbook = new XLWorkbook(file);
        workbook.Worksheet(1).Rows(1, drop).Delete();
        var stream = new MemoryStream();
        workbook.SaveAs(stream);
        stream.Position = 0;
        return stream;
    }

    private Task<HttpResponseMessage> UploadAsync(Stream file, string name = "purchase-orders.xlsx") =>
        _api.PostAsync("/api/purchase-orders/import", Form(file, name), TestContext.Current.CancellationToken);

    private static MultipartFormDataContent Form(Stream file, string name)
    {
        var content = new StreamContent(file);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        return new MultipartFormDataContent { { content, "file", name } };
    }
}
