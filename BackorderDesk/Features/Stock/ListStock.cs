using System.Linq.Expressions;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Stock;

/// <summary>
/// One SKU's buckets in the stock grid. <see cref="OnOrder"/> is the open purchase-order quantity,
/// <see cref="NextExpected"/> the earliest expected date of its open PO lines.
/// </summary>
public sealed record StockRow(
    string Sku,
    string Name,
    string Client,
    SellingPolicy Policy,
    int OnHand,
    int Allocated,
    int Available,
    int HeldForCompletion,
    int OnOrder,
    DateOnly? NextExpected,
    int Backordered,
    int ReorderPoint,
    int InventoryPosition)
{
    /// <summary>A reorder alert, by the one rule every screen uses (<see cref="Domain.Sku.IsAlert"/>: never a discontinued SKU).</summary>
    public bool BelowReorderPoint => Domain.Sku.IsAlert(Policy, InventoryPosition, ReorderPoint);
}

public sealed record StockList(IReadOnlyList<StockRow> Rows, int Total);

/// <summary>The choices of the grid's client and supplier filters.</summary>
public sealed record StockFilterChoices(IReadOnlyList<string> Clients, IReadOnlyList<string> Suppliers);

/// <summary>
/// The stock grid: filters, sorts and pages in SQL over <c>Skus</c> (client and supplier by id, so
/// the ClientId+Code and SupplierId indexes apply; has-backorders uses the Backordered index), then
/// reads held-for-completion and the next expected date for the page's SKUs only.
/// </summary>
public sealed class ListStock(IDbContextFactory<WarehouseDbContext> factory)
{
    public async Task<StockList> HandleAsync(StockQuery query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skus = await FilterAsync(db, query, cancellationToken);
        if (skus is null)
        {
            return new StockList([], 0);
        }

        var total = await skus.CountAsync(cancellationToken);
        if (total == 0)
        {
            return new StockList([], 0);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, StockQuery.MaxPageSize);
        var skip = (int)Math.Min((long)Math.Max(0, query.Page) * pageSize, int.MaxValue);
        var page = await Sorted(skus, query.Sort, query.Descending)
            .Skip(skip)
            .Take(pageSize)
            .Select(s => new
            {
                s.Id,
                s.Code,
                s.Name,
                Client = s.Client.Code,
                s.Policy,
                s.OnHand,
                s.Allocated,
                s.OnOrder,
                s.Backordered,
                ReorderPoint = s.ManualReorderPoint ?? s.ComputedReorderPoint,
            })
            .ToListAsync(cancellationToken);

        var ids = page.Select(s => s.Id).ToList();
        var held = await SkuDetails.HeldForCompletionLines(db)
            .Where(l => ids.Contains(l.SkuId))
            .GroupBy(l => l.SkuId)
            .Select(g => new { SkuId = g.Key, Qty = g.Sum(l => l.AllocatedQty) })
            .ToDictionaryAsync(x => x.SkuId, x => x.Qty, cancellationToken);
        var nextExpected = await db.PurchaseOrderLines
            .Where(p => ids.Contains(p.SkuId) && p.OpenQty > 0)
            .GroupBy(p => p.SkuId)
            .Select(g => new { SkuId = g.Key, Date = g.Min(p => p.ExpectedDate) })
            .ToDictionaryAsync(x => x.SkuId, x => x.Date, cancellationToken);

        var rows = page
            .Select(s => new StockRow(
                s.Code,
                s.Name,
                s.Client,
                s.Policy,
                s.OnHand,
                s.Allocated,
                s.OnHand - s.Allocated,
                held.GetValueOrDefault(s.Id),
                s.OnOrder,
                nextExpected.TryGetValue(s.Id, out var date) ? date : null,
                s.Backordered,
                s.ReorderPoint,
                s.OnHand - s.Allocated + s.OnOrder - s.Backordered))
            .ToList();
        return new StockList(rows, total);
    }

    /// <summary>
    /// The SKUs the query's filters select (the grid's rows, and the <c>stock</c> export's); null when
    /// the client or supplier code names nothing.
    /// </summary>
    internal static async Task<IQueryable<Sku>?> FilterAsync(WarehouseDbContext db, StockQuery query, CancellationToken ct)
    {
        var skus = db.Skus.AsNoTracking();

        if (query.Client is { } clientCode)
        {
            var clientId = await db.Clients.Where(c => c.Code == clientCode).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            if (clientId is null)
            {
                return null;
            }

            skus = skus.Where(s => s.ClientId == clientId.Value);
        }

        if (query.Supplier is { } supplierCode)
        {
            var supplierId = await db.Suppliers.Where(c => c.Code == supplierCode).Select(c => (int?)c.Id).FirstOrDefaultAsync(ct);
            if (supplierId is null)
            {
                return null;
            }

            skus = skus.Where(s => s.SupplierId == supplierId.Value);
        }

        if (query.Policy is { } policy)
        {
            skus = skus.Where(s => s.Policy == policy);
        }

        if (query.BelowReorderPoint)
        {
            // The dashboard's count and the alert list's rule, so the filter lists exactly the SKUs they count.
            skus = skus.Where(Sku.ReorderAlert);
        }

        if (query.HasBackorders)
        {
            skus = skus.Where(s => s.Backordered > 0);
        }

        if (query.Search is { Length: > 0 } search)
        {
            // ToLower on both sides: SQLite's and PostgreSQL's comparisons differ in case rules.
            var text = search.Trim().ToLowerInvariant();
            skus = skus.Where(s => s.Code.ToLower().Contains(text)
                || s.Name.ToLower().Contains(text)
                || db.Barcodes.Where(b => b.Code.ToLower().Contains(text)).Select(b => b.SkuId).Contains(s.Id));
        }

        return skus;
    }

    public async Task<StockFilterChoices> FilterChoicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var clients = await db.Clients.OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(cancellationToken);
        var suppliers = await db.Suppliers.OrderBy(s => s.Code).Select(s => s.Code).ToListAsync(cancellationToken);
        return new StockFilterChoices(clients, suppliers);
    }

    internal static IOrderedQueryable<Sku> Sorted(IQueryable<Sku> skus, StockSort sort, bool descending)
    {
        var ordered = sort switch
        {
            StockSort.Name => By(skus, s => s.Name, descending),
            StockSort.Client => By(skus, s => s.Client.Code, descending),
            StockSort.Policy => By(skus, s => s.Policy, descending),
            StockSort.OnHand => By(skus, s => s.OnHand, descending),
            StockSort.Allocated => By(skus, s => s.Allocated, descending),
            StockSort.Available => By(skus, s => s.OnHand - s.Allocated, descending),
            StockSort.OnOrder => By(skus, s => s.OnOrder, descending),
            StockSort.Backordered => By(skus, s => s.Backordered, descending),
            StockSort.ReorderPoint => By(skus, s => s.ManualReorderPoint ?? s.ComputedReorderPoint, descending),
            StockSort.InventoryPosition => By(skus, s => s.OnHand - s.Allocated + s.OnOrder - s.Backordered, descending),
            _ => By(skus, s => s.Code, descending),
        };

        // The SKU code breaks ties so that paging is stable.
        return sort == StockSort.Sku ? ordered : ordered.ThenBy(s => s.Code);
    }

    private static IOrderedQueryable<Sku> By<TKey>(IQueryable<Sku> skus, Expression<Func<Sku, TKey>> key, bool descending) =>
        descending ? skus.OrderByDescending(key) : skus.OrderBy(key);
}
