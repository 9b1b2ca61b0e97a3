using BackorderDesk.Data;
using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Stock;

/// <summary>
/// The <c>stock</c> workbook: every SKU the Stock page's filters select (ListStock's own filter and
/// sort), streamed from the database into the sheet. Receivers may download it (read-only stock).
/// </summary>
public sealed class StockWorkbook(IDbContextFactory<WarehouseDbContext> factory) : IWorkbook
{
    public static readonly ExportColumn[] Columns =
    [
        new("SKU", CellKind.Text), new("Name", CellKind.Text), new("Client", CellKind.Text), new("Policy", CellKind.Text), new("Supplier", CellKind.Text),
        new("On hand", CellKind.Integer), new("Allocated", CellKind.Integer), new("Available", CellKind.Integer), new("On order", CellKind.Integer),
        new("Next expected", CellKind.Date), new("Backordered", CellKind.Integer), new("Reorder point", CellKind.Integer), new("Safety stock", CellKind.Integer),
        new("Manual reorder values", CellKind.Flag), new("Inventory position", CellKind.Integer), new("Below reorder point", CellKind.Flag), new("Unit cost", CellKind.Money),
    ];

    /// <summary>What the figure columns mean (docs/rules.md), for the About sheet.</summary>
    internal static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("On hand", "Physical units: the sum of the SKU's stock ledger."),
        new("Allocated", "Units on hand promised to order lines, not yet shipped."),
        new("Available", "On hand − allocated."),
        new("On order", "Open purchase-order quantity not yet received."),
        new("Backordered", "Open order quantity with no allocation yet (the waiting demand)."),
        new("Reorder point", "ROP = d̄ · L + SS, rounded up; a manual reorder point overrides it."),
        new("Safety stock", "SS = z · √(L · σd² + d̄² · σL²), rounded up; a manual safety stock overrides it."),
        new("Inventory position", "Available + on order − backordered. The SKU needs ordering when it is at or below the reorder point."),
        new("Unit cost", "Cost of one unit, used for ABC class and open PO value."),
    ];

    public string Name => "stock";

    public string Policy => Policies.ViewStock;

    public async Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var query = StockQuery.FromQueryString(request.QueryString);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sheet = await SheetAsync(db, query, cancellationToken);
        var filters = new List<KeyValuePair<string, string>>();
        foreach (var (key, value) in query.ToQueryParameters())
        {
            if (key is not ("client" or "page" or "size") && value is not null)
            {
                filters.Add(new(key, value.ToString()!));
            }
        }

        await WorkbookWriter.WriteAsync(output, sheet, new ExportAbout("Stock", query.Client, request.Now, filters, Definitions), cancellationToken);
    }

    /// <summary>The sheet's rows, read from <paramref name="db"/> as they are written.</summary>
    internal static async Task<WorkbookSheet> SheetAsync(WarehouseDbContext db, StockQuery query, CancellationToken ct)
    {
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
        return new WorkbookSheet("Stock", Columns, rows);
    }
}
