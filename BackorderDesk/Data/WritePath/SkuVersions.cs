using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace BackorderDesk.Data.WritePath;

/// <summary>
/// Moves <see cref="Sku.Version"/> for every SKU whose book a save through EF changes: its row, its
/// order lines, allocations or purchase-order lines, an order of it (a priority moves the queue), or
/// its supplier (whose lead time and lateness range date every ETA the book gives).
/// Cached books of those SKUs are then read again before their next use, in this process or any other.
/// </summary>
internal static class SkuVersions
{
    internal sealed class Moved
    {
        public HashSet<int> SkuIds { get; } = [];

        public HashSet<long> OrderIds { get; } = [];

        public HashSet<int> SupplierIds { get; } = [];

        public bool IsEmpty => SkuIds.Count == 0 && OrderIds.Count == 0 && SupplierIds.Count == 0;
    }

    public static Moved Find(ChangeTracker tracker)
    {
        var moved = new Moved();
        foreach (var entry in tracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case SalesOrderLine line:
                    moved.SkuIds.Add(line.SkuId);
                    break;
                case Allocation allocation:
                    moved.SkuIds.Add(allocation.SkuId);
                    break;
                case PurchaseOrderLine poLine:
                    moved.SkuIds.Add(poLine.SkuId);
                    break;
                case PurchaseOrder order when entry.State != EntityState.Added:
                    foreach (var line in order.Lines)
                    {
                        moved.SkuIds.Add(line.SkuId);
                    }

                    break;
                case Sku sku when entry.State != EntityState.Added:
                    moved.SkuIds.Add(sku.Id);
                    break;
                case SalesOrder order when entry.State != EntityState.Added:
                    moved.OrderIds.Add(order.Id);
                    break;
                case Supplier supplier when entry.State == EntityState.Modified:
                    moved.SupplierIds.Add(supplier.Id);
                    break;
            }
        }

        moved.SkuIds.Remove(0);
        return moved;
    }

    public static async Task MoveAsync(WarehouseDbContext db, Moved moved, CancellationToken cancellationToken)
    {
        foreach (var chunk in moved.SkuIds.Chunk(500))
        {
            await db.Skus.Where(s => chunk.Contains(s.Id)).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        }

        foreach (var chunk in moved.SupplierIds.Chunk(500))
        {
            await db.Skus.Where(s => s.SupplierId != null && chunk.Contains(s.SupplierId.Value)).ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        }

        foreach (var chunk in moved.OrderIds.Chunk(500))
        {
            await db.Skus
                .Where(s => db.OrderLines.Any(l => chunk.Contains(l.OrderId) && l.SkuId == s.Id))
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Version, x => x.Version + 1), cancellationToken);
        }
    }
}
