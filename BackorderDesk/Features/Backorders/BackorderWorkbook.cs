using BackorderDesk.Data;
using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Backorders;

/// <summary>
/// The <c>backorders</c> workbook: every waiting line the Backorders page's filters select
/// (ListBackorders' own filter and order, oldest first), streamed from the database into the sheet.
/// </summary>
public sealed class BackorderWorkbook(IDbContextFactory<WarehouseDbContext> factory) : IWorkbook
{
    public static readonly ExportColumn[] Columns =
    [
        new("Order", CellKind.Text), new("Line", CellKind.Integer), new("Customer", CellKind.Text), new("Client", CellKind.Text),
        new("SKU", CellKind.Text), new("SKU name", CellKind.Text), new("Ordered", CellKind.Integer), new("Allocated", CellKind.Integer),
        new("Waiting", CellKind.Integer), new("Priority", CellKind.Text), new("Placed at", CellKind.DateTime), new("Age (days)", CellKind.Integer),
        new("ETA from", CellKind.Date), new("ETA to", CellKind.Date), new("ETA confirmed", CellKind.Flag), new("On hold", CellKind.Flag),
        new("Rolling backorder", CellKind.Flag), new("Ship policy", CellKind.Text),
    ];

    /// <summary>What the figure columns mean (docs/rules.md), for the About sheet.</summary>
    internal static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("Waiting", "Open units of the line (ordered − shipped − cancelled) not yet allocated: the units on backorder."),
        new("Allocated", "Units on hand promised to this line, not yet shipped."),
        new("Age (days)", "Whole days since the line first went on backorder."),
        new("ETA from / ETA to", "The range the line is promised: the first open PO date whose inbound covers the queue ahead plus the line, plus handling, widened by the supplier's P50–P90 lateness; without covering inbound, today + lead time, unconfirmed."),
        new("ETA confirmed", "yes when an open purchase order covers the line; no when the ETA comes from the lead time."),
        new("Rolling backorder", "yes when the line's ETA has moved later two or more times."),
        new("Priority", "Queue order: Expedite before KeyAccount before Standard, then first come, first served."),
    ];

    public string Name => "backorders";

    public string Policy => Policies.Exports;

    public async Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var filter = BackorderFilterUrl.Parse(request.QueryString);
        var now = request.Now;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var filtered = ListBackorders.Apply(ListBackorders.Waiting(db), filter, now);

        var rows = ListBackorders.Sort(filtered, BackorderSort.Age, descending: true)
            .Select(l => new
            {
                l.Order.Number,
                l.LineNumber,
                Customer = l.Order.Customer.Name,
                Client = l.Order.Client.Code,
                Sku = l.Sku.Code,
                SkuName = l.Sku.Name,
                l.OrderedQty,
                l.AllocatedQty,
                Waiting = l.WaitingQty,
                l.Order.Priority,
                l.Order.PlacedAt,
                l.BackorderedAt,
                l.EtaFrom,
                l.EtaTo,
                l.EtaConfirmed,
                l.OnHold,
                l.EtaSlips,
                l.Order.ShipPolicy,
            })
            .AsAsyncEnumerable()
            .Select(r => new object?[]
            {
                r.Number, r.LineNumber, r.Customer, r.Client, r.Sku, r.SkuName, r.OrderedQty, r.AllocatedQty, r.Waiting, r.Priority.ToString(),
                r.PlacedAt, ListBackorders.AgeDays(r.BackorderedAt, now), r.EtaFrom, r.EtaTo, r.EtaConfirmed, r.OnHold, r.EtaSlips >= 2, r.ShipPolicy.ToString(),
            });
        var about = new ExportAbout(
            "Backorders (waiting lines)",
            filter.Client,
            now,
            BackorderFilterUrl.ToQuery(filter).Where(f => f.Key != "client" && f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!.ToString()!)).ToList(),
            Definitions);
        await WorkbookWriter.WriteAsync(output, new WorkbookSheet("Backorders", Columns, rows), about, cancellationToken);
    }
}
