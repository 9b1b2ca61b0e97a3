using BackorderDesk.Data;
using BackorderDesk.Features.Backorders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Exports;

/// <summary>
/// The <c>backorders</c> workbook: every waiting line the Backorders page's filters select
/// (ListBackorders' own filter and order, oldest first), streamed from the database into the sheet.
/// </summary>
internal static class BackorderExport
{
    public static readonly ExportColumn[] Columns =
    [
        new("Order", CellKind.Text), new("Line", CellKind.Integer), new("Customer", CellKind.Text), new("Client", CellKind.Text),
        new("SKU", CellKind.Text), new("SKU name", CellKind.Text), new("Ordered", CellKind.Integer), new("Allocated", CellKind.Integer),
        new("Waiting", CellKind.Integer), new("Priority", CellKind.Text), new("Placed at", CellKind.DateTime), new("Age (days)", CellKind.Integer),
        new("ETA from", CellKind.Date), new("ETA to", CellKind.Date), new("ETA confirmed", CellKind.Flag), new("On hold", CellKind.Flag),
        new("Rolling backorder", CellKind.Flag), new("Ship policy", CellKind.Text),
    ];

    public static async Task<int> WriteAsync(Stream output, IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, BackorderFilter filter, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
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
            ColumnDefinitions.Backorders);
        return await StreamingWorkbook.WriteAsync(output, "Backorders", Columns, rows, about, ct);
    }
}
