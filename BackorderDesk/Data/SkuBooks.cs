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
        List<SalesOrderLine> lines = sku.Allocated == 0 && sku.Backordered == 0 ? [] : await db.OrderLines
            .Include(l => l.Order).ThenInclude(o => o.Customer)
            .Include(l => l.Allocations.Where(a => a.LiveQty > 0))
            .Where(l => l.SkuId == sku.Id && l.OpenQty > 0)
            .ToListAsync(cancellationToken);
        List<PurchaseOrderLine> inbound = sku.OnOrder == 0 ? [] : await db.PurchaseOrderLines
            .Include(p => p.PurchaseOrder)
            .Where(p => p.SkuId == sku.Id && p.OpenQty > 0)
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
            lines.AddRange(await db.OrderLines
                .Include(l => l.Order).ThenInclude(o => o.Customer)
                .Include(l => l.Allocations.Where(a => a.LiveQty > 0))
                .Where(l => chunk.Contains(l.SkuId) && l.OpenQty > 0)
                .ToListAsync(cancellationToken));
            inbound.AddRange(await db.PurchaseOrderLines
                .Include(p => p.PurchaseOrder)
                .Where(p => chunk.Contains(p.SkuId) && p.OpenQty > 0)
                .ToListAsync(cancellationToken));
        }

        var linesBySku = lines.ToLookup(l => l.SkuId);
        var inboundBySku = inbound.ToLookup(p => p.SkuId);
        return skus.ToDictionary(s => s.Id, s => new SkuBook(s, linesBySku[s.Id], inboundBySku[s.Id]));
    }
}
