using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Tests.Features.Orders;
using ClosedXML.Excel;

namespace BackorderDesk.Tests.Features.Audit;

/// <summary>GET /api/exports/audit.xlsx with the audit page's filters, read back with ClosedXML.</summary>
public sealed class AuditExportTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_workbook_lists_the_filtered_changes_newest_first_with_who_before_and_after()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("A");
        await s.AddSkuAsync("B");
        var po = new { number = "PO-1", supplier = "SUP", lines = new[] { new { sku = "A", qty = 10, expectedDate = new DateOnly(2026, 12, 3) } } };
        Assert.Equal(HttpStatusCode.Created, (await s.Api.PostAsJsonAsync("/api/purchase-orders", po, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await s.Api.PostAsJsonAsync("/api/adjustments", new { sku = "B", qtyDelta = 4, reason = "found" }, Ct)).StatusCode);

        var response = await s.Api.GetAsync("/api/exports/audit.xlsx?kind=Sku&person=integration", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync(Ct));
        var sheet = workbook.Worksheet("Audit trail");
        Assert.Equal(
            ["When (UTC)", "User name", "Person", "Action", "Kind", "Thing", "Line", "Before", "After", "What happened"],
            sheet.Row(1).CellsUsed().Select(c => c.GetString()));
        Assert.Equal(3, sheet.LastRowUsed()!.RowNumber());
        Assert.Equal(
            ["api:integration", "Stock adjusted", "Sku", "B", "0 on hand", "4 on hand"],
            new[] { 2, 4, 5, 6, 8, 9 }.Select(c => sheet.Cell(2, c).GetString()));
        Assert.Equal(
            ["api:integration", "Purchase order created", "Sku", "A", "", "10 on PO-1 for 2026-12-03"],
            new[] { 2, 4, 5, 6, 8, 9 }.Select(c => sheet.Cell(3, c).GetString()));
        Assert.Contains(workbook.Worksheet("About").CellsUsed(), c => c.GetString() == "Filter: person");
    }

    [Fact]
    public async Task An_unknown_person_gets_an_empty_workbook_not_an_error()
    {
        await using var s = await OrdersScenario.StartAsync();

        var response = await s.Api.GetAsync("/api/exports/audit.xlsx?person=nobody", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(await response.Content.ReadAsStreamAsync(Ct));
        Assert.Equal(1, workbook.Worksheet("Audit trail").LastRowUsed()!.RowNumber());
    }
}
