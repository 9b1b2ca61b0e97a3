using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>The <c>purchase-orders</c> workbook: the Purchase orders page's rows with its filters.</summary>
public sealed class PurchaseOrderWorkbook(ListPurchaseOrders purchaseOrders) : IWorkbook
{
    private static readonly ExportColumn[] Columns =
    [
        new("PO", CellKind.Text), new("Supplier", CellKind.Text), new("Supplier name", CellKind.Text), new("Ordered at", CellKind.DateTime),
        new("Lines", CellKind.Integer), new("Ordered", CellKind.Integer), new("Received", CellKind.Integer), new("Cancelled", CellKind.Integer),
        new("Open", CellKind.Integer), new("Late lines", CellKind.Integer), new("Next expected", CellKind.Date), new("Open value", CellKind.Money),
    ];

    /// <summary>What the figure columns mean, for the About sheet.</summary>
    internal static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("Open", "Units still to receive: ordered − received − cancelled."),
        new("Late lines", "Open lines whose expected date has passed."),
        new("Next expected", "Earliest expected date of an open line."),
        new("Open value", "Open units × the SKU's unit cost."),
    ];

    public string Name => "purchase-orders";

    public string Policy => Policies.Exports;

    public async Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var query = PurchaseOrderQuery.FromQueryString(request.QueryString);
        var rows = await purchaseOrders.AllAsync(query, cancellationToken);
        var sheet = WorkbookSheet.From(
            "Purchase orders",
            Columns,
            rows.Select(r => new object?[]
            {
                r.Number, r.Supplier, r.SupplierName, r.OrderedAt, r.Lines, r.OrderedQty, r.ReceivedQty, r.CancelledQty, r.OpenQty, r.LateLines, r.NextExpected, r.OpenValue,
            }));
        var about = request.About("Purchase orders", [new("status", query.Status.ToString()), .. request.Filters("supplier", "q")], Definitions);
        await WorkbookWriter.WriteAsync(output, sheet, about, cancellationToken);
    }
}
