using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>Σ units and Σ units² of a SKU's daily demand over the window (days without orders add nothing).</summary>
/// <summary>Σ units and Σ units² of a SKU's daily demand over the window, and the units of it ordered ahead of Standard (key-account and expedited orders).</summary>
public readonly record struct DemandSums(long Units, long Squares, long PriorityUnits = 0)
{
    /// <summary>d̄ and σd over the window, and the mean daily units of key-account and expedited orders.</summary>
    public DemandFigures Figures => ReorderPlanning.Demand(Units, Squares) with { PriorityMean = (double)PriorityUnits / ReorderPlanning.WindowDays };
}

/// <summary>Count, Σ days and Σ days² of a supplier's lead times over its received PO lines.</summary>
public readonly record struct LeadTimeSums(long Count, long Days, long Squares);

/// <summary>
/// The aggregates the reorder math reads, each one GROUP BY in SQL whatever the number of SKUs:
/// daily demand per SKU (ordered units of orders placed in the window, backordered demand included,
/// cancelled units too: they were demand when ordered), lead times per supplier (receipt date −
/// order date in days, over PO lines received in full), and the ABC ranking of a client's SKUs.
/// </summary>
public static class PlanningData
{
    /// <summary>Demand sums per SKU over the window ending on <paramref name="today"/>; for one client or one SKU when given.</summary>
    public static async Task<Dictionary<int, DemandSums>> DemandAsync(WarehouseDbContext db, DateOnly today, int? clientId, int? skuId, CancellationToken cancellationToken)
    {
        var (since, until) = Window(today);
        var lines = db.OrderLines.Where(l => l.Order.PlacedAt >= since && l.Order.PlacedAt < until);
        if (skuId is { } sku)
        {
            lines = lines.Where(l => l.SkuId == sku);
        }
        else if (clientId is { } client)
        {
            lines = lines.Where(l => l.Sku.ClientId == client);
        }

        return await SumDailyDemandAsync(lines, cancellationToken);
    }

    /// <summary>Demand sums over the window for the given SKUs (chunked: the IN list stays inside every provider's parameter limit).</summary>
    public static async Task<Dictionary<int, DemandSums>> DemandForAsync(WarehouseDbContext db, DateOnly today, IReadOnlyCollection<int> skuIds, CancellationToken cancellationToken)
    {
        var (since, until) = Window(today);
        var result = new Dictionary<int, DemandSums>();
        foreach (var chunk in skuIds.Chunk(500))
        {
            var lines = db.OrderLines.Where(l => chunk.Contains(l.SkuId) && l.Order.PlacedAt >= since && l.Order.PlacedAt < until);
            foreach (var (skuId, sums) in await SumDailyDemandAsync(lines, cancellationToken))
            {
                result[skuId] = sums;
            }
        }

        return result;
    }

    /// <summary>Σ units and Σ units² of each SKU's daily demand among <paramref name="lines"/>: one GROUP BY per day, then per SKU.</summary>
    private static async Task<Dictionary<int, DemandSums>> SumDailyDemandAsync(IQueryable<SalesOrderLine> lines, CancellationToken cancellationToken)
    {
        var daily = lines
            .GroupBy(l => new { l.SkuId, Day = DateOnly.FromDateTime(l.Order.PlacedAt) })
            .Select(g => new { g.Key.SkuId, Units = g.Sum(l => (long)l.OrderedQty) });
        var sums = await daily
            .GroupBy(d => d.SkuId)
            .Select(g => new { SkuId = g.Key, Units = g.Sum(d => d.Units), Squares = g.Sum(d => d.Units * d.Units) })
            .ToListAsync(cancellationToken);

        // Key-account and expedited units: few lines, summed per SKU on their own.
        var priority = await lines
            .Where(l => l.Order.Priority != OrderPriority.Standard)
            .GroupBy(l => l.SkuId)
            .Select(g => new { SkuId = g.Key, Units = g.Sum(l => (long)l.OrderedQty) })
            .ToDictionaryAsync(p => p.SkuId, p => p.Units, cancellationToken);
        return sums.ToDictionary(s => s.SkuId, s => new DemandSums(s.Units, s.Squares, priority.GetValueOrDefault(s.SkuId)));
    }

    /// <summary>Units ordered per day of the window for one SKU (every day present, zeros included), oldest first.</summary>
    public static async Task<IReadOnlyList<(DateOnly Day, int Units)>> DailyDemandAsync(WarehouseDbContext db, DateOnly today, int skuId, CancellationToken cancellationToken)
    {
        var (since, until) = Window(today);
        var rows = await db.OrderLines
            .Where(l => l.SkuId == skuId && l.Order.PlacedAt >= since && l.Order.PlacedAt < until)
            .GroupBy(l => DateOnly.FromDateTime(l.Order.PlacedAt))
            .Select(g => new { Day = g.Key, Units = g.Sum(l => l.OrderedQty) })
            .ToListAsync(cancellationToken);
        var byDay = rows.ToDictionary(r => r.Day, r => r.Units);
        var first = ReorderPlanning.WindowStart(today);
        return Enumerable.Range(0, ReorderPlanning.WindowDays)
            .Select(i => first.AddDays(i))
            .Select(day => (day, byDay.GetValueOrDefault(day)))
            .ToList();
    }

    /// <summary>
    /// End-of-day inventory position over the window, walked back from the current one: a day's orders
    /// lower it, its new PO lines and stock corrections (adjustments, counts) raise it; receipts and
    /// shipments leave it as it is. Cancelled order or PO units are not replayed (their day is not
    /// recorded), so older days can differ from what the screen showed then by those units.
    /// </summary>
    public static async Task<IReadOnlyList<(DateOnly Day, int Position)>> PositionHistoryAsync(
        WarehouseDbContext db, DateOnly today, int skuId, int currentPosition, IReadOnlyList<(DateOnly Day, int Units)> demand, CancellationToken cancellationToken)
    {
        var (since, until) = Window(today);
        var inbound = await db.PurchaseOrderLines
            .Where(p => p.SkuId == skuId && p.PurchaseOrder.OrderedAt >= since && p.PurchaseOrder.OrderedAt < until)
            .GroupBy(p => DateOnly.FromDateTime(p.PurchaseOrder.OrderedAt))
            .Select(g => new { Day = g.Key, Qty = g.Sum(p => p.Qty) })
            .ToListAsync(cancellationToken);
        var corrections = await db.Ledger
            .Where(m => m.SkuId == skuId && m.At >= since && m.At < until && (m.Kind == MovementKind.Adjustment || m.Kind == MovementKind.Count))
            .GroupBy(m => DateOnly.FromDateTime(m.At))
            .Select(g => new { Day = g.Key, Qty = g.Sum(m => m.Qty) })
            .ToListAsync(cancellationToken);
        var change = demand.ToDictionary(d => d.Day, d => -d.Units);
        foreach (var row in inbound.Select(r => (r.Day, r.Qty)).Concat(corrections.Select(r => (r.Day, r.Qty))))
        {
            change[row.Day] = change.GetValueOrDefault(row.Day) + row.Qty;
        }

        var positions = new (DateOnly Day, int Position)[demand.Count];
        var position = currentPosition;
        for (var i = demand.Count - 1; i >= 0; i--)
        {
            var day = demand[i].Day;
            positions[i] = (day, position);
            position -= change.GetValueOrDefault(day);
        }

        return positions;
    }

    /// <summary>
    /// Lead-time sums per supplier. Grouped by supplier, order day and receipt day in SQL (dates are all
    /// both providers can group on), the day differences are taken from those few groups here.
    /// </summary>
    public static async Task<Dictionary<int, LeadTimeSums>> LeadTimesAsync(WarehouseDbContext db, int? supplierId, CancellationToken cancellationToken)
    {
        var received = db.PurchaseOrderLines.Where(p => p.ReceivedAt != null && p.ReceivedQty == p.Qty);
        if (supplierId is { } supplier)
        {
            received = received.Where(p => p.PurchaseOrder.SupplierId == supplier);
        }

        var groups = await received
            .GroupBy(p => new { p.PurchaseOrder.SupplierId, Ordered = DateOnly.FromDateTime(p.PurchaseOrder.OrderedAt), Received = DateOnly.FromDateTime(p.ReceivedAt!.Value) })
            .Select(g => new { g.Key.SupplierId, g.Key.Ordered, g.Key.Received, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var sums = new Dictionary<int, LeadTimeSums>();
        foreach (var g in groups)
        {
            long days = g.Received.DayNumber - g.Ordered.DayNumber;
            var s = sums.GetValueOrDefault(g.SupplierId);
            sums[g.SupplierId] = new LeadTimeSums(s.Count + g.Count, s.Days + (days * g.Count), s.Squares + (days * days * g.Count));
        }

        return sums;
    }

    /// <summary>The lead-time figures of a SKU: its supplier's history, or the configured lead time with σL = 0.</summary>
    public static LeadTimeFigures LeadTime(int? supplierId, int? configuredDays, IReadOnlyDictionary<int, LeadTimeSums> history) =>
        supplierId is { } id && history.TryGetValue(id, out var s)
            ? ReorderPlanning.LeadTime(s.Count, s.Days, s.Squares, configuredDays)
            : LeadTimeFigures.Configured(configuredDays);

    /// <summary>ABC classes of every SKU of a client (ranked within the client: each client's portfolio is its own).</summary>
    public static async Task<Dictionary<int, AbcClass>> AbcClassesAsync(WarehouseDbContext db, DateOnly today, int clientId, CancellationToken cancellationToken)
    {
        var demand = await DemandAsync(db, today, clientId, null, cancellationToken);
        var costs = await db.Skus.Where(s => s.ClientId == clientId)
            .Select(s => new { s.Id, s.UnitCost })
            .ToListAsync(cancellationToken);
        return ReorderPlanning.ClassifyAbc(costs.Select(c => (c.Id, DemandValue(demand, c.Id, c.UnitCost))));
    }

    /// <summary>Units × unit cost over the window.</summary>
    public static decimal DemandValue(IReadOnlyDictionary<int, DemandSums> demand, int skuId, decimal unitCost) =>
        demand.TryGetValue(skuId, out var d) ? d.Units * unitCost : 0m;

    private static (DateTime Since, DateTime Until) Window(DateOnly today) =>
        (ReorderPlanning.WindowStart(today).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
         today.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
}
