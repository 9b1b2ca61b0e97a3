using BackorderDesk.Data;
using BackorderDesk.Features.Stock;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Exports;

/// <summary>
/// The <c>stock</c> workbook: every SKU the Stock page's filters select (ListStock's own filter and
/// sort), streamed from the database into the sheet.
/// </summary>
internal static class StockExport
{
    public static readonly ExportColumn[] Columns =
    [
        new("SKU", CellKind.Text), new("Name", CellKind.Text), new("Client", CellKind.Text), new("Policy", CellKind.Text), new("Supplier", CellKind.Text),
        new("On hand", CellKind.Integer), new("Allocated", CellKind.Integer), new("Available", CellKind.Integer), new("On order", CellKind.Integer),
        new("Next expected", CellKind.Date), new("Backordered", CellKind.Integer), new("Reorder point", CellKind.Integer), new("Safety stock", CellKind.Integer),
        new("Manual reorder values", CellKind.Flag), new("Inventory position", CellKind.Integer), new("Below reorder point", CellKind.Flag), new("Unit cost", CellKind.Money),
    ];

    public static async Task<int> WriteAsync(Stream output, IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, StockQuery query, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(ct);
        var skus = await ListStock.FilterAsync(db, query, ct) ?? db.Skus.Where(s => false);

        // The earliest open PO date per SKU, read once for all SKUs rather than per row.
        var nextExpected = await db.PurchaseOrderLines.AsNoTracking()
            .Where(p => p.OpenQty > 0)
            .GroupBy(p => p.SkuId)
            .Select(g => new { SkuId = g.Key, Date = g.Min(p => p.ExpectedDate) })
            .ToDictionaryAsync(x => x.SkuId, x => x.Date, ct);

        var rows = ListStock.Sorted(skus, query.Sort, query.Descending)
            .Select(s => new
            {
                s.Id,
                s.Code,
                s.Name,
                Client = s.Client.Code,
                s.Policy,
                Supplier = s.Supplier == null ? null : s.Supplier.Code,
                s.OnHand,
                s.Allocated,
                s.OnOrder,
                s.Backordered,
                ReorderPoint = s.ManualReorderPoint ?? s.ComputedReorderPoint,
                SafetyStock = s.ManualSafetyStock ?? s.ComputedSafetyStock,
                Manual = s.ManualReorderPoint != null || s.ManualSafetyStock != null,
                s.UnitCost,
            })
            .AsAsyncEnumerable()
            .Select(s =>
            {
                var position = s.OnHand - s.Allocated + s.OnOrder - s.Backordered;
                return new object?[]
                {
                    s.Code, s.Name, s.Client, s.Policy.ToString(), s.Supplier, s.OnHand, s.Allocated, s.OnHand - s.Allocated, s.OnOrder,
                    nextExpected.TryGetValue(s.Id, out var next) ? next : null, s.Backordered, s.ReorderPoint, s.SafetyStock, s.Manual,
                    position, position <= s.ReorderPoint, s.UnitCost,
                };
            });
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in query.ToQueryParameters())
        {
            if (key is not ("client" or "page" or "size") && value is not null)
            {
                filters.Add(new(key, value.ToString()!));
            }
        }

        var about = new ExportAbout("Stock", query.Client, now, filters, ColumnDefinitions.Stock);
        return await StreamingWorkbook.WriteAsync(output, "Stock", Columns, rows, about, ct);
    }
}
