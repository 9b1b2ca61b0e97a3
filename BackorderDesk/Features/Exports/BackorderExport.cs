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

        // Excel wants column widths before the rows, so the longest texts are measured in the database first.
        var longest = await filtered
            .Select(l => new { Order = l.Order.Number.Length, Customer = l.Order.Customer.Name.Length, Client = l.Order.Client.Code.Length, Sku = l.Sku.Code.Length, Name = l.Sku.Name.Length, l.OrderedQty })
            .GroupBy(x => 1)
            .Select(g => new { Order = g.Max(x => x.Order), Customer = g.Max(x => x.Customer), Client = g.Max(x => x.Client), Sku = g.Max(x => x.Sku), Name = g.Max(x => x.Name), Qty = g.Max(x => x.OrderedQty) })
            .FirstOrDefaultAsync(ct);
        var qty = ExportFormats.DisplayLength(CellKind.Integer, longest?.Qty ?? 0);
        int[] content = [longest?.Order ?? 0, 4, longest?.Customer ?? 0, longest?.Client ?? 0, longest?.Sku ?? 0, longest?.Name ?? 0, qty, qty, qty, 10, 16, 4, 10, 10, 3, 3, 3, 12];
        var widths = Columns.Select((c, i) => ExportFormats.Width(Math.Max(c.Header.Length, content[i]))).ToList();

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
                Waiting = l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty,
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
        return await StreamingWorkbook.WriteAsync(output, "Backorders", Columns, widths, rows, about, ct);
    }
}
