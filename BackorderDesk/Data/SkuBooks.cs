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
            .Where(l => l.SkuId == sku.Id && l.OrderedQty - l.ShippedQty - l.CancelledQty > 0)
            .ToListAsync(cancellationToken);
        List<PurchaseOrderLine> inbound = sku.OnOrder == 0 ? [] : await db.PurchaseOrderLines
            .Include(p => p.PurchaseOrder)
            .Where(p => p.SkuId == sku.Id && p.Qty - p.ReceivedQty - p.CancelledQty > 0)
            .ToListAsync(cancellationToken);
        return new SkuBook(sku, lines, inbound);
    }
}
