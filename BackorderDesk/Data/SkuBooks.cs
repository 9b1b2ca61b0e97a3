using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data;

public static class SkuBooks
{
    /// <summary>
    /// Loads, tracked, the SKU's open order lines (with their orders, customers and live allocations)
    /// and its open purchase-order lines: everything the allocation and ETA rules read.
    /// </summary>
    public static async Task<SkuBook> LoadAsync(WarehouseDbContext db, Sku sku, CancellationToken cancellationToken)
    {
        var supplier = db.Entry(sku).Reference(s => s.Supplier);
        if (!supplier.IsLoaded && sku.SupplierId is not null)
        {
            await supplier.LoadAsync(cancellationToken);
        }

        // The cached buckets say when there is nothing to load: open lines are allocated or waiting
        // units, open PO lines are units on order.
        List<SalesOrderLine> lines = sku.Allocated == 0 && sku.Backordered == 0 ? [] : await OpenLines(db.OrderLines)
            .Where(l => l.SkuId == sku.Id)
            .ToListAsync(cancellationToken);
        List<PurchaseOrderLine> inbound = sku.OnOrder == 0 ? [] : await OpenInbound(db.PurchaseOrderLines)
            .Where(p => p.SkuId == sku.Id)
            .ToListAsync(cancellationToken);
        return new SkuBook(sku, lines, inbound);
    }

    /// <summary>
    /// The books of many SKUs at once (tracked, like <see cref="LoadAsync"/>): their open order lines
    /// and open PO lines in a few chunked queries rather than two per SKU.
    /// </summary>
    public static async Task<Dictionary<int, SkuBook>> LoadManyAsync(WarehouseDbContext db, IReadOnlyCollection<Sku> skus, CancellationToken cancellationToken)
    {
        var lines = new List<SalesOrderLine>();
        var inbound = new List<PurchaseOrderLine>();

        // Chunked so that the IN list stays well inside every provider's parameter limit.
        foreach (var chunk in skus.Select(s => s.Id).Chunk(500))
        {
            lines.AddRange(await OpenLines(db.OrderLines).Where(l => chunk.Contains(l.SkuId)).ToListAsync(cancellationToken));
            inbound.AddRange(await OpenInbound(db.PurchaseOrderLines).Where(p => chunk.Contains(p.SkuId)).ToListAsync(cancellationToken));
        }

        var linesBySku = lines.ToLookup(l => l.SkuId);
        var inboundBySku = inbound.ToLookup(p => p.SkuId);
        return skus.ToDictionary(s => s.Id, s => new SkuBook(s, linesBySku[s.Id], inboundBySku[s.Id]));
    }

    /// <summary>
    /// The books of these SKUs untracked (the writer's cached books, <see cref="WritePath.SkuBookCache"/>):
    /// the same rows as <see cref="LoadManyAsync"/>, read inside the caller's transaction with each
    /// query resolving its own identities (one order object per order), and every line pointed at its
    /// SKU's one object.
    /// </summary>
    public static async Task<IReadOnlyList<SkuBook>> LoadUntrackedAsync(WarehouseDbContext db, IReadOnlyCollection<int> skuIds, CancellationToken cancellationToken)
    {
        var books = new List<SkuBook>(skuIds.Count);
        foreach (var chunk in skuIds.Distinct().Chunk(500))
        {
            var skus = await db.Skus.AsNoTracking().Include(s => s.Supplier).Where(s => chunk.Contains(s.Id)).ToListAsync(cancellationToken);
            var busy = skus.Where(s => s.Allocated != 0 || s.Backordered != 0).Select(s => s.Id).ToList();
            var ordering = skus.Where(s => s.OnOrder != 0).Select(s => s.Id).ToList();
            var lines = busy.Count == 0 ? [] : await OpenLines(db.OrderLines.AsNoTrackingWithIdentityResolution())
                .Where(l => busy.Contains(l.SkuId))
                .ToListAsync(cancellationToken);
            var inbound = ordering.Count == 0 ? [] : await OpenInbound(db.PurchaseOrderLines.AsNoTrackingWithIdentityResolution())
                .Where(p => ordering.Contains(p.SkuId))
                .ToListAsync(cancellationToken);
            var byId = skus.ToDictionary(s => s.Id);
            foreach (var line in lines)
            {
                line.UseSku(byId[line.SkuId]);
            }

            foreach (var line in inbound)
            {
                line.UseSku(byId[line.SkuId]);
            }

            var linesBySku = lines.ToLookup(l => l.SkuId);
            var inboundBySku = inbound.ToLookup(p => p.SkuId);
            books.AddRange(skus.Select(s => new SkuBook(s, linesBySku[s.Id], inboundBySku[s.Id])));
        }

        return books;
    }

    /// <summary>Open order lines with what the rules read of them: the order, its customer, the live allocations.</summary>
    private static IQueryable<SalesOrderLine> OpenLines(IQueryable<SalesOrderLine> lines) =>
        lines.Include(l => l.Order).ThenInclude(o => o.Customer)
            .Include(l => l.Allocations.Where(a => a.LiveQty > 0))
            .Where(l => l.OpenQty > 0);

    /// <summary>Open purchase-order lines with their purchase order.</summary>
    private static IQueryable<PurchaseOrderLine> OpenInbound(IQueryable<PurchaseOrderLine> lines) =>
        lines.Include(p => p.PurchaseOrder).Where(p => p.OpenQty > 0);
}
