using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Planning;

/// <summary>The <c>reorder</c> workbook: the Planning page's reorder alerts with its filters.</summary>
public sealed class ReorderWorkbook(ReorderAlerts alerts) : IWorkbook
{
    private static readonly ExportColumn[] Columns =
    [
        new("SKU", CellKind.Text), new("Name", CellKind.Text), new("Client", CellKind.Text), new("Supplier", CellKind.Text),
        new("Inventory position", CellKind.Integer), new("Reorder point", CellKind.Integer), new("Safety stock", CellKind.Integer),
        new("Manual", CellKind.Flag), new("Backordered", CellKind.Integer), new("Suggested qty", CellKind.Integer),
    ];

    /// <summary>What the figure columns mean (docs/rules.md), for the About sheet.</summary>
    internal static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("Inventory position", "Available + on order − backordered."),
        new("Reorder point", "ROP = d̄ · L + SS (d̄ mean daily demand over 90 days, L mean lead time in days), rounded up; manual values override."),
        new("Safety stock", "SS = z · √(L · σd² + d̄² · σL²), z from the service level (A 98%, B 95%, C 90% unless overridden)."),
        new("Suggested qty", "Brings the inventory position up to ROP + d̄ · review days, at least the MOQ, rounded up to the case pack."),
        new("Manual", "yes when the reorder point or safety stock is set by hand."),
    ];

    public string Name => "reorder";

    public string Policy => Policies.Exports;

    public async Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var rows = await alerts.HandleAsync(PlanningQuery.FromQueryString(request.QueryString), null, cancellationToken);
        var sheet = WorkbookSheet.From(
            "Reorder",
            Columns,
            rows.Select(a => new object?[] { a.Sku, a.Name, a.Client, a.Supplier, a.InventoryPosition, a.ReorderPoint, a.SafetyStock, a.ReorderPointIsManual, a.Backordered, a.SuggestedQty }));
        await WorkbookWriter.WriteAsync(output, sheet, request.About("Reorder alerts", request.Filters("supplier", "abc", "q"), Definitions), cancellationToken);
    }
}
