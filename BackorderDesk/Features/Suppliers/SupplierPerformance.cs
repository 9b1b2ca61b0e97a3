using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Suppliers;

/// <summary>
/// How one supplier delivers (definitions in <see cref="ReceiptHistory"/>): receipts are PO lines
/// whose last unit arrived; on-time rate = receipts by the first promised date ÷ receipts × 100;
/// lateness (mean, σ, P50, P90) in days with early receipts as zero; lead time = receipt date −
/// order date (mean, σ). Open value = open units × unit cost; backordered = units waiting on SKUs it
/// supplies. Figures over receipts are null until a line has been received. Rates and days are
/// rounded to one decimal. <paramref name="EtaRange"/> is the percentile pair its ETA ranges are
/// widened by (e.g. "P50–P90", chosen from its history by <see cref="EtaRangeTuner"/>), and
/// <paramref name="EtaRangeFromDays"/>–<paramref name="EtaRangeToDays"/> the lateness at those
/// percentiles over all its receipts, as stored for the ETAs (whatever the client).
/// </summary>
public sealed record SupplierPerformanceRow(
    string Code,
    string Name,
    int QuotedLeadTimeDays,
    int Receipts,
    decimal? OnTimeRate,
    decimal? MeanLatenessDays,
    decimal? LatenessStdDevDays,
    int? LatenessP50Days,
    int? LatenessP90Days,
    decimal? LeadTimeMeanDays,
    decimal? LeadTimeStdDevDays,
    int OpenLines,
    int LateOpenLines,
    int OpenQty,
    decimal OpenValue,
    int BackorderedUnits,
    string EtaRange,
    int EtaRangeFromDays,
    int EtaRangeToDays);

/// <summary>One week's receipts (weeks start on Monday).</summary>
public sealed record SupplierTrendPoint(DateOnly WeekStart, int Receipts, int OnTime, decimal? OnTimeRate);

public sealed record SupplierPerformanceDetail(SupplierPerformanceRow Figures, string? Email, IReadOnlyList<SupplierTrendPoint> Trend);

public sealed class SupplierPerformance(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    /// <summary>Weeks of on-time trend on the supplier page.</summary>
    public const int TrendWeeks = 13;

    /// <summary>
    /// Every supplier, by code. With <paramref name="client"/>, only suppliers of that client's SKUs,
    /// and every figure over that client's SKUs only; an unknown client gives no rows.
    /// </summary>
    public async Task<IReadOnlyList<SupplierPerformanceRow>> ListAsync(string? client, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await ComputeAsync(db, null, client, cancellationToken);
    }

    public async Task<SupplierPerformanceDetail?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var supplier = await db.Suppliers.AsNoTracking().Where(s => s.Code == code).Select(s => new { s.Id, s.Email }).FirstOrDefaultAsync(cancellationToken);
        if (supplier is null)
        {
            return null;
        }

        var figures = (await ComputeAsync(db, supplier.Id, null, cancellationToken)).Single();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var firstWeek = WeekStart(today).AddDays(-7 * (TrendWeeks - 1));
        var since = firstWeek.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var receipts = await db.PurchaseOrderLines.AsNoTracking()
            .Where(l => l.PurchaseOrder.SupplierId == supplier.Id && l.ReceivedAt >= since)
            .Select(l => new { ReceivedAt = l.ReceivedAt!.Value, l.OriginalExpectedDate })
            .ToListAsync(cancellationToken);
        var byWeek = receipts.ToLookup(r => WeekStart(DateOnly.FromDateTime(r.ReceivedAt)), r => ReceiptHistory.OnTime(ReceiptHistory.DelayDays(r.ReceivedAt, r.OriginalExpectedDate)));
        var trend = Enumerable.Range(0, TrendWeeks)
            .Select(i => firstWeek.AddDays(7 * i))
            .Select(week =>
            {
                var count = byWeek[week].Count();
                var onTime = byWeek[week].Count(o => o);
                return new SupplierTrendPoint(week, count, onTime, count == 0 ? null : Round(onTime * 100.0 / count));
            })
            .ToList();
        return new SupplierPerformanceDetail(figures, supplier.Email, trend);
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private async Task<IReadOnlyList<SupplierPerformanceRow>> ComputeAsync(WarehouseDbContext db, int? supplierId, string? client, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var suppliers = db.Suppliers.AsNoTracking();
        var lines = db.PurchaseOrderLines.AsNoTracking();
        var skus = db.Skus.AsNoTracking().Where(s => s.SupplierId != null);
        if (supplierId is { } id)
        {
            suppliers = suppliers.Where(s => s.Id == id);
            lines = lines.Where(l => l.PurchaseOrder.SupplierId == id);
            skus = skus.Where(s => s.SupplierId == id);
        }

        if (client is not null)
        {
            lines = lines.Where(l => l.Sku.Client.Code == client);
            skus = skus.Where(s => s.Client.Code == client);
            suppliers = suppliers.Where(s => skus.Any(k => k.SupplierId == s.Id) || lines.Any(l => l.PurchaseOrder.SupplierId == s.Id));
        }

        var supplierRows = await suppliers.OrderBy(s => s.Code).Select(s => new { s.Id, s.Code, s.Name, s.LeadTimeDays, s.EtaRangeLowPercentile, s.EtaRangeHighPercentile, s.EtaRangeFromDays, s.EtaRangeToDays }).ToListAsync(ct);
        var receipts = (await lines.Where(l => l.ReceivedAt != null)
                .Select(l => new { l.PurchaseOrder.SupplierId, ReceivedAt = l.ReceivedAt!.Value, l.OriginalExpectedDate, l.PurchaseOrder.OrderedAt })
                .ToListAsync(ct))
            .ToLookup(r => r.SupplierId);

        // SQLite keeps decimals as text and cannot sum them: open units are summed per SKU in SQL, valued here.
        var open = (await lines.Where(l => l.OpenQty > 0)
                .GroupBy(l => new { l.PurchaseOrder.SupplierId, l.SkuId })
                .Select(g => new
                {
                    g.Key.SupplierId,
                    g.Key.SkuId,
                    Lines = g.Count(),
                    Late = g.Count(l => l.ExpectedDate < today),
                    Qty = g.Sum(l => l.OpenQty),
                })
                .ToListAsync(ct))
            .ToLookup(o => o.SupplierId);
        var openSkuIds = open.SelectMany(g => g).Select(o => o.SkuId).Distinct().ToList();
        var unitCosts = new Dictionary<int, decimal>();
        foreach (var chunk in openSkuIds.Chunk(500))
        {
            foreach (var cost in await db.Skus.AsNoTracking().Where(s => chunk.Contains(s.Id)).Select(s => new { s.Id, s.UnitCost }).ToListAsync(ct))
            {
                unitCosts[cost.Id] = cost.UnitCost;
            }
        }

        var backordered = await skus.GroupBy(s => s.SupplierId!.Value)
            .Select(g => new { SupplierId = g.Key, Units = g.Sum(s => s.Backordered) })
            .ToDictionaryAsync(x => x.SupplierId, x => x.Units, ct);

        return supplierRows.Select(s =>
        {
            var delays = receipts[s.Id].Select(r => ReceiptHistory.DelayDays(r.ReceivedAt, r.OriginalExpectedDate)).ToList();
            var lateness = delays.Select(ReceiptHistory.LatenessDays).ToList();
            var leadTimes = receipts[s.Id].Select(r => ReceiptHistory.LeadTimeDays(r.OrderedAt, r.ReceivedAt)).ToList();
            var (p50, p90) = Supplier.Lateness(delays);
            var any = delays.Count > 0;
            var openLines = open[s.Id].ToList();
            return new SupplierPerformanceRow(
                s.Code,
                s.Name,
                s.LeadTimeDays,
                delays.Count,
                any ? Round(delays.Count(ReceiptHistory.OnTime) * 100.0 / delays.Count) : null,
                Round(ReceiptHistory.Mean(lateness)),
                Round(ReceiptHistory.StdDev(lateness)),
                any ? p50 : null,
                any ? p90 : null,
                Round(ReceiptHistory.Mean(leadTimes)),
                Round(ReceiptHistory.StdDev(leadTimes)),
                openLines.Sum(o => o.Lines),
                openLines.Sum(o => o.Late),
                openLines.Sum(o => o.Qty),
                openLines.Sum(o => o.Qty * unitCosts.GetValueOrDefault(o.SkuId)),
                backordered.GetValueOrDefault(s.Id),
                new EtaRangeChoice(s.EtaRangeLowPercentile, s.EtaRangeHighPercentile).ToString(),
                s.EtaRangeFromDays,
                s.EtaRangeToDays);
        }).ToList();
    }

    private static decimal? Round(double? value) => value is { } v ? Math.Round((decimal)v, 1, MidpointRounding.AwayFromZero) : null;
}
