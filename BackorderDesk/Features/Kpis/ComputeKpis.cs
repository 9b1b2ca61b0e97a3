using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Kpis;

/// <summary>The KPIs of docs/rules.md (R8). Rates are percentages 0–100 and ages are days, both rounded to two decimals; null when there is nothing to count.</summary>
public sealed record KpiFigures(
    DateOnly From,
    DateOnly To,
    string? Client,
    decimal? BackorderRate,
    decimal? CurrentBackorderRate,
    decimal? LineFillRate,
    decimal? PerfectOrderRate,
    decimal? AverageBackorderAgeDays,
    decimal? TimeToFillDays,
    decimal? BackorderCancellationRate,
    decimal? EtaAccuracy,
    int OrdersPlaced,
    int OrdersBackordered);

/// <summary>One placed day of the backorder-rate chart; <see cref="BackorderRate"/> is null on a day without orders.</summary>
public sealed record DailyBackorderRate(DateOnly Day, int OrdersPlaced, int OrdersBackordered, decimal? BackorderRate);

/// <summary>
/// Computes the KPIs of docs/rules.md (R8) for a period of placed orders, optionally for one client (by code).
/// Precisely:
/// <list type="bullet">
/// <item><b>backorder rate</b>: orders placed in the period with <c>BackorderedAtPlacement</c> ÷ orders placed in the period.</item>
/// <item><b>current backorder rate</b>: open orders (a line with ordered − shipped − cancelled &gt; 0) with a waiting unit ÷ open orders, now; not bound to the period.</item>
/// <item><b>line fill rate</b>: lines of orders placed in the period whose allocated-at-placement quantity is the ordered quantity ÷ those lines.</item>
/// <item><b>perfect order rate</b>: an order is "shipped in the period" when its <c>ShippedAt</c> (the moment its last open
/// unit shipped, so the order is complete) falls on a day of the period, whenever it was placed. Perfect: none of its lines has a
/// cancelled unit and it shipped on or before its <c>PromisedDate</c> (UTC day). ÷ orders shipped in the period.</item>
/// <item><b>average backorder age</b>: mean days from <c>BackorderedAt</c> to now (the <see cref="TimeProvider"/>) over lines that
/// still have units waiting and went on backorder; not bound to the period.</item>
/// <item><b>time to fill</b>: mean days from <c>BackorderedAt</c> to <c>FilledAt</c> over lines whose <c>FilledAt</c> falls in the period.</item>
/// <item><b>backorder cancellation rate</b>: among lines of orders placed in the period that went on backorder (<c>BackorderedAt</c> set),
/// those with a cancelled unit ÷ all of them.</item>
/// <item><b>ETA accuracy</b>: lines that went on backorder, got a first quoted ETA and whose <c>ShippedAt</c> (their last open unit
/// shipped) falls in the period; those shipped on or before the first quoted ETA's last day (<c>FirstEtaTo</c>, UTC day) ÷ all of them.</item>
/// </list>
/// Counts run in SQL (the current backorder rate reads the per-client order counters); the two averages of day differences read only the timestamps of the lines they average.
/// </summary>
public sealed class ComputeKpis(IDbContextFactory<WarehouseDbContext> contexts, TimeProvider time)
{
    /// <summary>The longest period one request may ask for.</summary>
    public const int MaxDays = KpiPeriod.MaxDays;

    public async Task<KpiFigures> HandleAsync(KpiPeriod period, string? clientCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var clientId = await ResolveClientAsync(db, clientCode, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var (start, end) = (period.Start, period.End);

        var orders = db.Orders.AsNoTracking();
        var lines = db.OrderLines.AsNoTracking();
        if (clientId is { } id)
        {
            orders = orders.Where(o => o.ClientId == id);
            lines = lines.Where(l => l.Order.ClientId == id);
        }

        var placed = orders.Where(o => o.PlacedAt >= start && o.PlacedAt < end);
        var placedCounts = await placed
            .GroupBy(_ => 1)
            .Select(g => new { Orders = g.Count(), Backordered = g.Count(o => o.BackorderedAtPlacement) })
            .SingleOrDefaultAsync(cancellationToken);

        // Open orders and open orders waiting are kept per client in the write transaction (OrderCounters,
        // checked by verify against the same definition), so "now" never groups every order line.
        var counters = db.Counters.AsNoTracking();
        if (clientId is { } counterClient)
        {
            counters = counters.Where(c => c.ClientId == counterClient);
        }

        var open = await counters
            .GroupBy(_ => 1)
            .Select(g => new { Open = g.Sum(c => c.OpenOrders), Waiting = g.Sum(c => c.OpenOrdersWaiting) })
            .SingleOrDefaultAsync(cancellationToken);
        var openCount = open?.Open ?? 0;
        var openWaiting = open?.Waiting ?? 0;

        var placedLines = lines.Where(l => l.Order.PlacedAt >= start && l.Order.PlacedAt < end);
        var lineCounts = await placedLines
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Lines = g.Count(),
                Filled = g.Count(l => l.AllocatedAtPlacementQty >= l.OrderedQty),
                Backordered = g.Count(l => l.BackorderedAt != null),
                BackorderedCancelled = g.Count(l => l.BackorderedAt != null && l.CancelledQty > 0),
            })
            .SingleOrDefaultAsync(cancellationToken);

        var shipped = orders.Where(o => o.ShippedAt >= start && o.ShippedAt < end);
        var shippedCount = await shipped.CountAsync(cancellationToken);
        var perfectCount = await shipped.CountAsync(
            o => o.PromisedDate != null
                && DateOnly.FromDateTime(o.ShippedAt!.Value) <= o.PromisedDate
                && !o.Lines.Any(l => l.CancelledQty > 0),
            cancellationToken);

        var etaLines = lines.Where(l => l.BackorderedAt != null && l.FirstEtaTo != null && l.ShippedAt >= start && l.ShippedAt < end);
        var etaCount = await etaLines.CountAsync(cancellationToken);
        var etaKept = await etaLines.CountAsync(l => DateOnly.FromDateTime(l.ShippedAt!.Value) <= l.FirstEtaTo, cancellationToken);

        var waitingSince = await lines
            .Where(l => l.BackorderedAt != null && l.WaitingQty > 0)
            .Select(l => l.BackorderedAt!.Value)
            .ToListAsync(cancellationToken);

        var fills = await lines
            .Where(l => l.BackorderedAt != null && l.FilledAt >= start && l.FilledAt < end)
            .Select(l => new { From = l.BackorderedAt!.Value, To = l.FilledAt!.Value })
            .ToListAsync(cancellationToken);

        var ordersPlaced = placedCounts?.Orders ?? 0;
        var ordersBackordered = placedCounts?.Backordered ?? 0;
        return new KpiFigures(
            period.From,
            period.To,
            clientCode,
            Rate(ordersBackordered, ordersPlaced),
            Rate(openWaiting, openCount),
            Rate(lineCounts?.Filled ?? 0, lineCounts?.Lines ?? 0),
            Rate(perfectCount, shippedCount),
            MeanDays(waitingSince.Select(at => now - at)),
            MeanDays(fills.Select(f => f.To - f.From)),
            Rate(lineCounts?.BackorderedCancelled ?? 0, lineCounts?.Backordered ?? 0),
            Rate(etaKept, etaCount),
            ordersPlaced,
            ordersBackordered);
    }

    /// <summary>
    /// The backorder rate per placed UTC day of the period (one GROUP BY), every day present: a day
    /// without orders has 0 orders and a null rate.
    /// </summary>
    public async Task<IReadOnlyList<DailyBackorderRate>> DailyAsync(KpiPeriod period, string? clientCode, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var clientId = await ResolveClientAsync(db, clientCode, cancellationToken);
        var (start, end) = (period.Start, period.End);

        var orders = db.Orders.AsNoTracking().Where(o => o.PlacedAt >= start && o.PlacedAt < end);
        if (clientId is { } id)
        {
            orders = orders.Where(o => o.ClientId == id);
        }

        var rows = await orders
            .GroupBy(o => DateOnly.FromDateTime(o.PlacedAt))
            .Select(g => new { Day = g.Key, Orders = g.Count(), Backordered = g.Count(o => o.BackorderedAtPlacement) })
            .ToDictionaryAsync(r => r.Day, cancellationToken);

        return Enumerable.Range(0, period.Days)
            .Select(i => period.From.AddDays(i))
            .Select(day => rows.TryGetValue(day, out var r)
                ? new DailyBackorderRate(day, r.Orders, r.Backordered, Rate(r.Backordered, r.Orders))
                : new DailyBackorderRate(day, 0, 0, null))
            .ToList();
    }

    /// <summary>The client's id, null for all clients; a code that names no client is a 404.</summary>
    private static async Task<int?> ResolveClientAsync(WarehouseDbContext db, string? clientCode, CancellationToken cancellationToken)
    {
        if (clientCode is null)
        {
            return null;
        }

        var ids = await db.Clients.AsNoTracking().Where(c => c.Code == clientCode).Select(c => c.Id).Take(1).ToListAsync(cancellationToken);
        return ids.Count == 1 ? ids[0] : throw new NotFoundException($"Client {clientCode} does not exist.");
    }

    private static decimal? Rate(int count, int of) =>
        of == 0 ? null : Math.Round(100m * count / of, 2, MidpointRounding.AwayFromZero);

    private static decimal? MeanDays(IEnumerable<TimeSpan> spans)
    {
        var days = spans.Select(s => (decimal)s.Ticks / TimeSpan.TicksPerDay).ToList();
        return days.Count == 0 ? null : Math.Round(days.Average(), 2, MidpointRounding.AwayFromZero);
    }
}
