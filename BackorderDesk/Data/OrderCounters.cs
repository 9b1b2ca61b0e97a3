using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace BackorderDesk.Data;

/// <summary>
/// The live order and SKU figures of one client (table <c>WarehouseCounters</c>), kept current in the same
/// transaction as every change to order lines and SKUs (see <see cref="WarehouseDbContext.SaveChangesAsync(bool, CancellationToken)"/>),
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

    /// <summary>The client's SKUs.</summary>
    public int Skus { get; set; }

    /// <summary>The client's reorder alerts: SKUs not discontinued whose inventory position is at or below their reorder point (<see cref="Sku.IsReorderAlert"/>).</summary>
    public int SkusAtOrBelowReorderPoint { get; set; }
}

/// <summary>
/// Open purchase-order lines of one client's SKUs expected on one day (table <c>InboundCounters</c>):
/// all open lines are the sum, late ones the sum before today, whatever today is.
/// </summary>
public sealed class InboundCounters
{
    public int Id { get; set; }

    public int ClientId { get; set; }

    public DateOnly ExpectedDate { get; set; }

    public int OpenLines { get; set; }
}

/// <summary>A client's SKU counters as plain numbers.</summary>
public readonly record struct StockFigures(int Skus, int AtOrBelowReorderPoint)
{
    public static StockFigures operator +(StockFigures a, StockFigures b) => new(a.Skus + b.Skus, a.AtOrBelowReorderPoint + b.AtOrBelowReorderPoint);

    public static StockFigures operator -(StockFigures a, StockFigures b) => new(a.Skus - b.Skus, a.AtOrBelowReorderPoint - b.AtOrBelowReorderPoint);

    public bool IsZero => this == default;
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

    internal sealed record SkuChange(Sku Sku, bool Existed, bool BelowBefore, bool Deleted);

    internal sealed record InboundChange(PurchaseOrderLine Line, bool OpenBefore, DateOnly DateBefore, bool Deleted);

    /// <summary>The order lines, SKUs and purchase-order lines a save is about to add, change or delete.</summary>
    internal sealed class Touched
    {
        public HashSet<long> ExistingOrderIds { get; } = [];

        public List<SalesOrderLine> Lines { get; } = [];

        public List<SkuChange> Skus { get; } = [];

        public List<InboundChange> Inbound { get; } = [];

        public bool IsEmpty => ExistingOrderIds.Count == 0 && Lines.Count == 0 && Skus.Count == 0 && Inbound.Count == 0;

        public bool TouchesOrders => ExistingOrderIds.Count > 0 || Lines.Count > 0;

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

        foreach (var entry in tracker.Entries<Sku>())
        {
            if (entry.State is EntityState.Added)
            {
                touched.Skus.Add(new SkuChange(entry.Entity, false, false, false));
            }
            else if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var o = entry.OriginalValues;
                var position = o.GetValue<int>(nameof(Sku.OnHand)) - o.GetValue<int>(nameof(Sku.Allocated)) + o.GetValue<int>(nameof(Sku.OnOrder)) - o.GetValue<int>(nameof(Sku.Backordered));
                var reorderPoint = o.GetValue<int?>(nameof(Sku.ManualReorderPoint)) ?? o.GetValue<int>(nameof(Sku.ComputedReorderPoint));
                var policy = o.GetValue<SellingPolicy>(nameof(Sku.Policy));
                touched.Skus.Add(new SkuChange(entry.Entity, true, Sku.IsAlert(policy, position, reorderPoint), entry.State == EntityState.Deleted));
            }
        }

        foreach (var entry in tracker.Entries<PurchaseOrderLine>())
        {
            if (entry.State is EntityState.Added)
            {
                touched.Inbound.Add(new InboundChange(entry.Entity, false, default, false));
            }
            else if (entry.State is EntityState.Modified or EntityState.Deleted)
            {
                var o = entry.OriginalValues;
                var open = o.GetValue<int>(nameof(PurchaseOrderLine.Qty)) - o.GetValue<int>(nameof(PurchaseOrderLine.ReceivedQty)) - o.GetValue<int>(nameof(PurchaseOrderLine.CancelledQty)) > 0;
                touched.Inbound.Add(new InboundChange(entry.Entity, open, o.GetValue<DateOnly>(nameof(PurchaseOrderLine.ExpectedDate)), entry.State == EntityState.Deleted));
            }
        }

        return touched;
    }

    /// <summary>The SKU counters' change per client, once the save has given every SKU its real client id.</summary>
    internal static Dictionary<int, StockFigures> StockDelta(Touched touched)
    {
        var delta = new Dictionary<int, StockFigures>();
        foreach (var change in touched.Skus)
        {
            var before = change.Existed ? new StockFigures(1, change.BelowBefore ? 1 : 0) : default;
            var after = change.Deleted ? default : new StockFigures(1, change.Sku.IsReorderAlert ? 1 : 0);
            delta[change.Sku.ClientId] = delta.GetValueOrDefault(change.Sku.ClientId) + (after - before);
        }

        return delta;
    }

    /// <summary>The open-line change per client and expected day, after the save (SKU ids are real then).</summary>
    internal static async Task<Dictionary<(int ClientId, DateOnly Day), int>> InboundDeltaAsync(WarehouseDbContext db, Touched touched, CancellationToken cancellationToken)
    {
        var delta = new Dictionary<(int, DateOnly), int>();
        if (touched.Inbound.Count == 0)
        {
            return delta;
        }

        var skuIds = touched.Inbound.Select(c => c.Line.SkuId).Distinct().ToList();
        var clients = await db.Skus.AsNoTracking().Where(s => skuIds.Contains(s.Id)).Select(s => new { s.Id, s.ClientId }).ToDictionaryAsync(s => s.Id, s => s.ClientId, cancellationToken);
        foreach (var change in touched.Inbound)
        {
            var clientId = clients[change.Line.SkuId];
            if (change.OpenBefore)
            {
                delta[(clientId, change.DateBefore)] = delta.GetValueOrDefault((clientId, change.DateBefore)) - 1;
            }

            if (!change.Deleted && change.Line.OpenQty > 0)
            {
                delta[(clientId, change.Line.ExpectedDate)] = delta.GetValueOrDefault((clientId, change.Line.ExpectedDate)) + 1;
            }
        }

        return delta;
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

    /// <summary>
    /// Adds the order figures' change (<paramref name="after"/> − <paramref name="before"/>), the SKU
    /// counters' and the inbound counters' changes to their rows, creating rows that are missing.
    /// </summary>
    internal static async Task ApplyAsync(
        WarehouseDbContext db,
        Dictionary<int, OrderFigures> before,
        Dictionary<int, OrderFigures> after,
        Dictionary<int, StockFigures> stock,
        Dictionary<(int ClientId, DateOnly Day), int> inbound,
        Func<CancellationToken, Task> saveInserted,
        CancellationToken cancellationToken)
    {
        foreach (var clientId in before.Keys.Union(after.Keys).Union(stock.Keys))
        {
            var delta = after.GetValueOrDefault(clientId) - before.GetValueOrDefault(clientId);
            var skus = stock.GetValueOrDefault(clientId);
            if (delta.IsZero && skus.IsZero)
            {
                continue;
            }

            var updated = await db.Counters.Where(c => c.ClientId == clientId).ExecuteUpdateAsync(
                s => s.SetProperty(c => c.OpenOrders, c => c.OpenOrders + delta.OpenOrders)
                    .SetProperty(c => c.OpenOrdersWaiting, c => c.OpenOrdersWaiting + delta.OpenOrdersWaiting)
                    .SetProperty(c => c.WaitingLines, c => c.WaitingLines + delta.WaitingLines)
                    .SetProperty(c => c.WaitingUnits, c => c.WaitingUnits + delta.WaitingUnits)
                    .SetProperty(c => c.Skus, c => c.Skus + skus.Skus)
                    .SetProperty(c => c.SkusAtOrBelowReorderPoint, c => c.SkusAtOrBelowReorderPoint + skus.AtOrBelowReorderPoint),
                cancellationToken);
            if (updated == 0)
            {
                var entry = db.Counters.Add(new ClientOrderCounters
                {
                    ClientId = clientId,
                    OpenOrders = delta.OpenOrders,
                    OpenOrdersWaiting = delta.OpenOrdersWaiting,
                    WaitingLines = delta.WaitingLines,
                    WaitingUnits = delta.WaitingUnits,
                    Skus = skus.Skus,
                    SkusAtOrBelowReorderPoint = skus.AtOrBelowReorderPoint,
                });
                await saveInserted(cancellationToken);
                entry.State = EntityState.Detached;
            }
        }

        foreach (var ((clientId, day), lines) in inbound)
        {
            if (lines == 0)
            {
                continue;
            }

            var updated = await db.InboundCounters.Where(c => c.ClientId == clientId && c.ExpectedDate == day)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.OpenLines, c => c.OpenLines + lines), cancellationToken);
            if (updated == 0)
            {
                var entry = db.InboundCounters.Add(new InboundCounters { ClientId = clientId, ExpectedDate = day, OpenLines = lines });
                await saveInserted(cancellationToken);
                entry.State = EntityState.Detached;
            }
        }
    }

    /// <summary>The SKU counters from scratch, per client.</summary>
    public static async Task<Dictionary<int, StockFigures>> RecomputeStockAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.Skus.AsNoTracking()
            .GroupBy(s => s.ClientId)
            .Select(g => new
            {
                ClientId = g.Key,
                Skus = g.Count(),
            })
            .ToListAsync(cancellationToken);
        var alerts = await db.Skus.AsNoTracking()
            .Where(Sku.ReorderAlert)
            .GroupBy(s => s.ClientId)
            .Select(g => new { ClientId = g.Key, Count = g.Count() })
            .ToDictionaryAsync(r => r.ClientId, r => r.Count, cancellationToken);
        return rows.ToDictionary(r => r.ClientId, r => new StockFigures(r.Skus, alerts.GetValueOrDefault(r.ClientId)));
    }

    /// <summary>Open purchase-order lines from scratch, per client and expected day.</summary>
    public static async Task<Dictionary<(int ClientId, DateOnly Day), int>> RecomputeInboundAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var rows = await db.PurchaseOrderLines.AsNoTracking()
            .Where(p => p.OpenQty > 0)
            .GroupBy(p => new { p.Sku.ClientId, p.ExpectedDate })
            .Select(g => new { g.Key.ClientId, g.Key.ExpectedDate, Lines = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => (r.ClientId, r.ExpectedDate), r => r.Lines);
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

    /// <summary>The counters of a warehouse held in memory (the demo seeder's), by the domain's own definitions.</summary>
    public static IReadOnlyList<ClientOrderCounters> FromHistory(IEnumerable<SalesOrder> orders, IEnumerable<Sku> skus)
    {
        var byClient = orders.GroupBy(o => o.ClientId).ToDictionary(g => g.Key, g => g.ToList());
        var skusByClient = skus.GroupBy(s => s.ClientId).ToDictionary(g => g.Key, g => g.ToList());
        return byClient.Keys.Union(skusByClient.Keys).Order()
            .Select(clientId =>
            {
                var mine = byClient.GetValueOrDefault(clientId) ?? [];
                var stock = skusByClient.GetValueOrDefault(clientId) ?? [];
                return new ClientOrderCounters
                {
                    ClientId = clientId,
                    OpenOrders = mine.Count(o => o.IsOpen),
                    OpenOrdersWaiting = mine.Count(o => o.Lines.Any(l => l.WaitingQty > 0)),
                    WaitingLines = mine.Sum(o => o.Lines.Count(l => l.WaitingQty > 0)),
                    WaitingUnits = mine.Sum(o => o.Lines.Where(l => l.WaitingQty > 0).Sum(l => (long)l.WaitingQty)),
                    Skus = stock.Count,
                    SkusAtOrBelowReorderPoint = stock.Count(s => s.IsReorderAlert),
                };
            })
            .ToList();
    }

    /// <summary>Open purchase-order lines held in memory, per client and expected day.</summary>
    public static IReadOnlyList<InboundCounters> InboundFromHistory(IEnumerable<PurchaseOrderLine> lines) =>
        lines.Where(l => l.OpenQty > 0)
            .GroupBy(l => (l.Sku.ClientId, l.ExpectedDate))
            .Select(g => new InboundCounters { ClientId = g.Key.ClientId, ExpectedDate = g.Key.ExpectedDate, OpenLines = g.Count() })
            .ToList();

    /// <summary>
    /// A database that has SKUs or orders but no counters (made before the tables existed) gets them
    /// recomputed once, at start-up.
    /// </summary>
    public static async Task RebuildIfMissingAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        if (await db.Counters.AnyAsync(cancellationToken) || (!await db.Skus.AnyAsync(cancellationToken) && !await db.OrderLines.AnyAsync(cancellationToken)))
        {
            return;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var orders = await RecomputeAsync(db, cancellationToken);
        var stock = await RecomputeStockAsync(db, cancellationToken);
        var inbound = await RecomputeInboundAsync(db, cancellationToken);
        db.Counters.AddRange(orders.Keys.Union(stock.Keys).Select(clientId =>
        {
            var o = orders.GetValueOrDefault(clientId);
            var s = stock.GetValueOrDefault(clientId);
            return new ClientOrderCounters
            {
                ClientId = clientId,
                OpenOrders = o.OpenOrders,
                OpenOrdersWaiting = o.OpenOrdersWaiting,
                WaitingLines = o.WaitingLines,
                WaitingUnits = o.WaitingUnits,
                Skus = s.Skus,
                SkusAtOrBelowReorderPoint = s.AtOrBelowReorderPoint,
            };
        }));
        db.InboundCounters.RemoveRange(db.InboundCounters);
        db.InboundCounters.AddRange(inbound.Select(i => new InboundCounters { ClientId = i.Key.ClientId, ExpectedDate = i.Key.Day, OpenLines = i.Value }));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Brings each client's SKU counters to a recount (one GROUP BY over the SKUs), at start-up: a
    /// database whose counters were kept when discontinued SKUs still counted as reorder alerts gets
    /// the count every other screen shows. Rows already right are not written.
    /// </summary>
    public static async Task ResyncStockAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var stock = await RecomputeStockAsync(db, cancellationToken);
        var stored = await db.Counters.AsNoTracking().ToDictionaryAsync(c => c.ClientId, c => new StockFigures(c.Skus, c.SkusAtOrBelowReorderPoint), cancellationToken);
        foreach (var (clientId, figures) in stock)
        {
            if (stored.TryGetValue(clientId, out var kept) && kept != figures)
            {
                await db.Counters.Where(c => c.ClientId == clientId).ExecuteUpdateAsync(
                    s => s.SetProperty(c => c.Skus, figures.Skus).SetProperty(c => c.SkusAtOrBelowReorderPoint, figures.AtOrBelowReorderPoint),
                    cancellationToken);
            }
        }
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
                Open = g.Max(l => l.OpenQty > 0 ? 1 : 0),
                Waiting = g.Max(l => l.WaitingQty > 0 ? 1 : 0),
                WaitingLines = g.Sum(l => l.WaitingQty > 0 ? 1 : 0),
                WaitingUnits = g.Sum(l => l.WaitingQty > 0 ? (long)(l.WaitingQty) : 0L),
            });
}
