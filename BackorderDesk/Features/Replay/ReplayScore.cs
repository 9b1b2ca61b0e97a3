using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Replay;

/// <summary>
/// How well the warehouse kept its promises over the scored days, for one client or all of them.
/// ETA accuracy counts backordered lines that shipped complete (nothing cancelled) and had a quoted
/// range: kept when the ship day falls inside the range, first day and last day included.
/// </summary>
/// <param name="Scope">A client's code, or "all".</param>
/// <param name="QuotedShipped">Backordered lines shipped complete that had a first quoted range (M).</param>
/// <param name="FirstKept">Of those, shipped inside their first quoted range (N).</param>
/// <param name="FirstKeptByEnd">Shipped on or before the last day of the first quoted range (early counts as kept).</param>
/// <param name="LatestKept">Shipped inside the last range quoted before the units were allocated.</param>
/// <param name="MeanWidthDays">The mean width of first quoted ranges (last day − first day), over every quoted backordered line.</param>
/// <param name="WaitedOverTenDays">Customers with an order in the period who had a line wait more than 10 days.</param>
/// <param name="ExpectedOrdersLost">Next year's orders these customers are expected not to place: 2.1% of a waiting customer's orders, 6.1% past 10 days of waiting (Bhan and Anderson, Marketing Science, 2023).</param>
public sealed record ReplayScore(
    string Scope,
    int Orders,
    int BackorderedOrders,
    int Lines,
    int LinesFilledAtPlacement,
    int BackorderedLines,
    int QuotedLines,
    int QuotedShipped,
    int FirstKept,
    int FirstKeptByEnd,
    int LatestKept,
    double MeanWidthDays,
    double P90WidthDays,
    int RollingBackorders,
    int FilledLines,
    double MeanTimeToFillDays,
    int Customers,
    int CustomersWhoWaited,
    int WaitedOverTenDays,
    double ExpectedOrdersLost,
    int CancelledBackorderedLines,
    int StillWaiting)
{
    public double BackorderRate => Share(BackorderedOrders, Orders);

    public double LineFillRate => Share(LinesFilledAtPlacement, Lines);

    public double FirstKeptShare => Share(FirstKept, QuotedShipped);

    public double FirstKeptByEndShare => Share(FirstKeptByEnd, QuotedShipped);

    public double LatestKeptShare => Share(LatestKept, QuotedShipped);

    public double RollingShare => Share(RollingBackorders, BackorderedLines);

    public double WaitedOverTenDaysShare => Share(WaitedOverTenDays, Customers);

    public double CancellationRate => Share(CancelledBackorderedLines, BackorderedLines);

    private static double Share(int part, int whole) => whole == 0 ? 0 : 100.0 * part / whole;
}

/// <summary>One supplier's promises: how many first quotes its lines got, how many held, how wide.</summary>
/// <param name="EtaRange">The quantile pair the product uses for this supplier at the end, e.g. "P0–P95 (0–6 days)".</param>
public sealed record SupplierScore(string Code, string Name, int QuotedShipped, int FirstKept, double MeanWidthDays, string EtaRange)
{
    public double FirstKeptShare => QuotedShipped == 0 ? 0 : 100.0 * FirstKept / QuotedShipped;
}

public static class ReplayScoring
{
    public const int LongWaitDays = 10;

    /// <summary>Share of a customer's next-year orders lost after a backorder, and past <see cref="LongWaitDays"/> of waiting.</summary>
    public const double LossAfterWait = 0.021;

    public const double LossAfterLongWait = 0.061;

    private sealed record LineFacts(
        string Client,
        string Supplier,
        string SupplierName,
        long OrderId,
        string Customer,
        int LineNumber,
        int Ordered,
        int AtPlacement,
        int Shipped,
        int Cancelled,
        int Open,
        DateTime? BackorderedAt,
        DateTime? FilledAt,
        DateTime? ShippedAt,
        DateOnly? FirstFrom,
        DateOnly? FirstTo,
        DateOnly? EtaFrom,
        DateOnly? EtaTo,
        int Slips);

    /// <summary>Scores the orders placed from <paramref name="from"/> on, as the database holds them at <paramref name="end"/>.</summary>
    public static async Task<(IReadOnlyList<ReplayScore> Scores, IReadOnlyList<SupplierScore> Suppliers)> ComputeAsync(
        WarehouseDbContext db, DateOnly from, DateTime end, CancellationToken ct)
    {
        var since = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.Order.PlacedAt >= since)
            .Select(l => new LineFacts(
                l.Order.Client.Code,
                l.Sku.Supplier == null ? "" : l.Sku.Supplier.Code,
                l.Sku.Supplier == null ? "" : l.Sku.Supplier.Name,
                l.OrderId,
                l.Order.Customer.Code,
                l.LineNumber,
                l.OrderedQty,
                l.AllocatedAtPlacementQty,
                l.ShippedQty,
                l.CancelledQty,
                l.OpenQty,
                l.BackorderedAt,
                l.FilledAt,
                l.ShippedAt,
                l.FirstEtaFrom,
                l.FirstEtaTo,
                l.EtaFrom,
                l.EtaTo,
                l.EtaSlips))
            .ToListAsync(ct);

        // When a backordered line that never filled was cancelled: the end of its wait.
        var cancelledAt = (await db.Timeline.AsNoTracking()
                .Where(t => t.Kind == TimelineKind.Cancelled && t.LineNumber != null && t.Order.PlacedAt >= since)
                .Select(t => new { t.OrderId, t.LineNumber, t.At })
                .ToListAsync(ct))
            .GroupBy(t => (t.OrderId, t.LineNumber!.Value))
            .ToDictionary(g => g.Key, g => g.Max(t => t.At));

        var days = Math.Max(1, (DateOnly.FromDateTime(end).DayNumber - from.DayNumber) + 1);
        var scores = new List<ReplayScore> { Score("all", lines, cancelledAt, end, days) };
        scores.AddRange(lines.GroupBy(l => l.Client).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Score(g.Key, g.ToList(), cancelledAt, end, days)));

        var ranges = await db.Suppliers.AsNoTracking()
            .Select(s => new { s.Code, s.EtaRangeLowPercentile, s.EtaRangeHighPercentile, s.EtaRangeFromDays, s.EtaRangeToDays })
            .ToDictionaryAsync(s => s.Code, s => $"{new EtaRangeChoice(s.EtaRangeLowPercentile, s.EtaRangeHighPercentile)} ({s.EtaRangeFromDays}–{s.EtaRangeToDays} days)", ct);
        var suppliers = lines.Where(l => l.Supplier != "" && l.BackorderedAt != null && l.FirstTo != null)
            .GroupBy(l => (l.Supplier, l.SupplierName))
            .OrderBy(g => g.Key.Supplier, StringComparer.Ordinal)
            .Select(g =>
            {
                var shipped = g.Where(IsShippedComplete).ToList();
                return new SupplierScore(g.Key.Supplier, g.Key.SupplierName, shipped.Count, shipped.Count(l => Inside(l.ShippedAt, l.FirstFrom, l.FirstTo)), g.Average(Width), ranges.GetValueOrDefault(g.Key.Supplier, ""));
            })
            .ToList();
        return (scores, suppliers);
    }

    private static ReplayScore Score(string scope, List<LineFacts> lines, Dictionary<(long, int), DateTime> cancelledAt, DateTime end, int days)
    {
        var orders = lines.GroupBy(l => l.OrderId).ToList();
        var backordered = lines.Where(l => l.BackorderedAt != null).ToList();
        var quoted = backordered.Where(l => l.FirstTo != null).ToList();
        var shipped = quoted.Where(IsShippedComplete).ToList();
        var widths = quoted.Select(Width).Order().ToList();
        var filled = backordered.Where(l => l.FilledAt != null).ToList();

        // How long each backordered line waited: until filled, cancelled, or the end of the run.
        double Waited(LineFacts l) =>
            ((l.FilledAt ?? (cancelledAt.TryGetValue((l.OrderId, l.LineNumber), out var at) ? at : end)) - l.BackorderedAt!.Value).TotalDays;
        var longestWait = backordered.GroupBy(l => l.Customer).ToDictionary(g => g.Key, g => g.Max(Waited));
        var ordersPerCustomer = orders.GroupBy(o => o.First().Customer).ToDictionary(g => g.Key, g => g.Count());
        var perYear = 365.0 / days;
        var expectedLost = longestWait.Sum(w => ordersPerCustomer.GetValueOrDefault(w.Key) * perYear * (w.Value > LongWaitDays ? LossAfterLongWait : LossAfterWait));

        return new ReplayScore(
            scope,
            orders.Count,
            orders.Count(o => o.Any(l => l.AtPlacement < l.Ordered)),
            lines.Count,
            lines.Count(l => l.AtPlacement == l.Ordered),
            backordered.Count,
            quoted.Count,
            shipped.Count,
            shipped.Count(l => Inside(l.ShippedAt, l.FirstFrom, l.FirstTo)),
            shipped.Count(l => DateOnly.FromDateTime(l.ShippedAt!.Value) <= l.FirstTo),
            shipped.Count(l => Inside(l.ShippedAt, l.EtaFrom, l.EtaTo)),
            widths.Count == 0 ? 0 : widths.Average(),
            widths.Count == 0 ? 0 : widths[Math.Clamp((int)Math.Ceiling(0.9 * widths.Count) - 1, 0, widths.Count - 1)],
            backordered.Count(l => l.Slips >= 2),
            filled.Count,
            filled.Count == 0 ? 0 : filled.Average(l => (l.FilledAt!.Value - l.BackorderedAt!.Value).TotalDays),
            ordersPerCustomer.Count,
            longestWait.Count,
            longestWait.Count(w => w.Value > LongWaitDays),
            expectedLost,
            backordered.Count(l => l.Cancelled > 0),
            backordered.Count(l => l.Open > 0));
    }

    private static bool IsShippedComplete(LineFacts l) => l.ShippedAt != null && l.Open == 0 && l.Cancelled == 0;

    private static bool Inside(DateTime? shippedAt, DateOnly? from, DateOnly? to) =>
        shippedAt is { } at && from is { } first && to is { } last && DateOnly.FromDateTime(at) >= first && DateOnly.FromDateTime(at) <= last;

    private static double Width(LineFacts l) => l.FirstTo!.Value.DayNumber - l.FirstFrom!.Value.DayNumber;
}
