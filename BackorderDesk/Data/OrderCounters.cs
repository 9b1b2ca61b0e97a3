using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace BackorderDesk.Data;

/// <summary>
/// The live order figures of one client (table <c>WarehouseCounters</c>), kept current in the same
/// transaction as every change to order lines (see <see cref="WarehouseDbContext.SaveChangesAsync(bool, CancellationToken)"/>),
/// so that the Dashboard's live tiles read a handful of rows instead of grouping every order line.
/// <c>verify</c> checks them against <see cref="OrderCounters.RecomputeAsync"/>.
/// </summary>
public sealed class ClientOrderCounters
{
    public int ClientId { get; set; }

    /// <summary>Orders with a line that has units neither shipped nor cancelled.</summary>
    public int OpenOrders { get; set; }

    /// <summary>Open orders with a line that has units not yet allocated.</summary>
    public int OpenOrdersWaiting { get; set; }

    /// <summary>Lines with units not yet allocated.</summary>
    public int WaitingLines { get; set; }

    /// <summary>Units ordered and neither shipped, cancelled nor allocated.</summary>
    public long WaitingUnits { get; set; }
}

/// <summary>The counters of one client as plain numbers, to add and compare.</summary>
public readonly record struct OrderFigures(int OpenOrders, int OpenOrdersWaiting, int WaitingLines, long WaitingUnits)
{
    public static OrderFigures operator +(OrderFigures a, OrderFigures b) =>
        new(a.OpenOrders + b.OpenOrders, a.OpenOrdersWaiting + b.OpenOrdersWaiting, a.WaitingLines + b.WaitingLines, a.WaitingUnits + b.WaitingUnits);

    public static OrderFigures operator -(OrderFigures a, OrderFigures b) =>
        new(a.OpenOrders - b.OpenOrders, a.OpenOrdersWaiting - b.OpenOrdersWaiting, a.WaitingLines - b.WaitingLines, a.WaitingUnits - b.WaitingUnits);

    public bool IsZero => this == default;
}

/// <summary>
/// Keeps <see cref="ClientOrderCounters"/> exact: before a save, the orders whose lines are about
/// to change are measured from the database; after it, measured again; the difference is added to
/// their clients' rows. Measuring whole orders (not the changed lines alone) is what makes the
/// order-level counts exact whichever operation changed the lines.
/// </summary>
public static class OrderCounters
{
    private static readonly string[] QuantityProperties =
        [nameof(SalesOrderLine.OrderedQty), nameof(SalesOrderLine.ShippedQty), nameof(SalesOrderLine.CancelledQty), nameof(SalesOrderLine.AllocatedQty)];

    /// <summary>The order lines a save is about to add, change in quantity or delete.</summary>
    internal sealed class Touched
    {
        public HashSet<long> ExistingOrderIds { get; } = [];

        public List<SalesOrderLine> Lines { get; } = [];

        public bool IsEmpty => ExistingOrderIds.Count == 0 && Lines.Count == 0;

        /// <summary>Every touched order's id, real once the save has run.</summary>
        public HashSet<long> OrderIdsAfterSave() => [.. ExistingOrderIds, .. Lines.Select(l => l.OrderId)];
    }

    internal static Touched FindTouched(ChangeTracker tracker)
    {
        var touched = new Touched();
        foreach (var entry in tracker.Entries<SalesOrderLine>())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            if (entry.State == EntityState.Modified && !QuantityProperties.Any(p => entry.Property(p).IsModified))
            {
                continue;
            }

            if (!entry.Property(l => l.OrderId).IsTemporary)
            {
                touched.ExistingOrderIds.Add(entry.Entity.OrderId);
            }

            if (entry.State != EntityState.Deleted)
            {
                touched.Lines.Add(entry.Entity);
            }
        }

        return touched;
    }

    /// <summary>The figures of these orders as the database holds them now, per client.</summary>
    internal static async Task<Dictionary<int, OrderFigures>> MeasureAsync(WarehouseDbContext db, IReadOnlyCollection<long> orderIds, CancellationToken cancellationToken)
    {
        if (orderIds.Count == 0)
        {
            return [];
        }

        var ids = orderIds.ToList();
        var perOrder = await PerOrder(db.OrderLines.AsNoTracking().Where(l => ids.Contains(l.OrderId))).ToListAsync(cancellationToken);
        return perOrder.GroupBy(o => o.ClientId).ToDictionary(
            g => g.Key,
            g => new OrderFigures(g.Sum(o => o.Open), g.Sum(o => o.Waiting), g.Sum(o => o.WaitingLines), g.Sum(o => o.WaitingUnits)));
    }

    /// <summary>Adds <paramref name="after"/> − <paramref name="before"/> to each client's row, creating the row when missing.</summary>
    internal static async Task ApplyAsync(WarehouseDbContext db, Dictionary<int, OrderFigures> before, Dictionary<int, OrderFigures> after, Func<CancellationToken, Task> saveInserted, CancellationToken cancellationToken)
    {
        foreach (var clientId in before.Keys.Union(after.Keys))
        {
            var delta = after.GetValueOrDefault(clientId) - before.GetValueOrDefault(clientId);
            if (delta.IsZero)
            {
                continue;
            }

            var updated = await db.Counters.Where(c => c.ClientId == clientId).ExecuteUpdateAsync(
                s => s.SetProperty(c => c.OpenOrders, c => c.OpenOrders + delta.OpenOrders)
                    .SetProperty(c => c.OpenOrdersWaiting, c => c.OpenOrdersWaiting + delta.OpenOrdersWaiting)
                    .SetProperty(c => c.WaitingLines, c => c.WaitingLines + delta.WaitingLines)
                    .SetProperty(c => c.WaitingUnits, c => c.WaitingUnits + delta.WaitingUnits),
                cancellationToken);
            if (updated == 0)
            {
                var row = new ClientOrderCounters
                {
                    ClientId = clientId,
                    OpenOrders = delta.OpenOrders,
                    OpenOrdersWaiting = delta.OpenOrdersWaiting,
                    WaitingLines = delta.WaitingLines,
                    WaitingUnits = delta.WaitingUnits,
                };
                var entry = db.Counters.Add(row);
                await saveInserted(cancellationToken);
                entry.State = EntityState.Detached;
            }
        }
    }

    /// <summary>The counters from scratch: one GROUP BY per order over every line, summed per client.</summary>
    public static async Task<Dictionary<int, OrderFigures>> RecomputeAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var rows = await PerOrder(db.OrderLines.AsNoTracking())
            .GroupBy(o => o.ClientId)
            .Select(g => new
            {
                ClientId = g.Key,
                Open = g.Sum(o => o.Open),
                Waiting = g.Sum(o => o.Waiting),
                Lines = g.Sum(o => o.WaitingLines),
                Units = g.Sum(o => o.WaitingUnits),
            })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.ClientId, r => new OrderFigures(r.Open, r.Waiting, r.Lines, r.Units));
    }

    /// <summary>The counters of orders held in memory (the demo seeder's history), by the domain's own definitions.</summary>
    public static IReadOnlyList<ClientOrderCounters> FromOrders(IEnumerable<SalesOrder> orders) =>
        orders.GroupBy(o => o.ClientId)
            .Select(g => new ClientOrderCounters
            {
                ClientId = g.Key,
                OpenOrders = g.Count(o => o.IsOpen),
                OpenOrdersWaiting = g.Count(o => o.Lines.Any(l => l.WaitingQty > 0)),
                WaitingLines = g.Sum(o => o.Lines.Count(l => l.WaitingQty > 0)),
                WaitingUnits = g.Sum(o => o.Lines.Where(l => l.WaitingQty > 0).Sum(l => (long)l.WaitingQty)),
            })
            .Where(c => c.OpenOrders > 0)
            .ToList();

    /// <summary>
    /// A database that has orders but no counters (made before the table existed) gets them
    /// recomputed once, at start-up.
    /// </summary>
    public static async Task RebuildIfMissingAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Counters.AnyAsync(cancellationToken) || !await db.OrderLines.AnyAsync(cancellationToken))
        {
            return;
        }

        var figures = await RecomputeAsync(db, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Counters.AddRange(figures.Select(f => new ClientOrderCounters
        {
            ClientId = f.Key,
            OpenOrders = f.Value.OpenOrders,
            OpenOrdersWaiting = f.Value.OpenOrdersWaiting,
            WaitingLines = f.Value.WaitingLines,
            WaitingUnits = f.Value.WaitingUnits,
        }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private sealed class OrderRow
    {
        public int ClientId { get; init; }

        public int Open { get; init; }

        public int Waiting { get; init; }

        public int WaitingLines { get; init; }

        public long WaitingUnits { get; init; }
    }

    /// <summary>One row per order: whether it is open, whether it waits, its waiting lines and units.</summary>
    private static IQueryable<OrderRow> PerOrder(IQueryable<SalesOrderLine> lines) =>
        lines
            .GroupBy(l => new { l.OrderId, l.Order.ClientId })
            .Select(g => new OrderRow
            {
                ClientId = g.Key.ClientId,
                Open = g.Max(l => l.OrderedQty - l.ShippedQty - l.CancelledQty > 0 ? 1 : 0),
                Waiting = g.Max(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0 ? 1 : 0),
                WaitingLines = g.Sum(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0 ? 1 : 0),
                WaitingUnits = g.Sum(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0 ? (long)(l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty) : 0L),
            });
}
