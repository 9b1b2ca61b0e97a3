using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Suppliers;

/// <summary>One supplier whose ETA range the tuning moved to another percentile pair.</summary>
public sealed record EtaRangeRetuned(string Supplier, EtaRangeChoice From, EtaRangeChoice To, int FromDays, int ToDays);

/// <summary>
/// Chooses each supplier's ETA range percentiles from its real history (<see cref="EtaRangeTuning"/>):
/// its receipts, and its backordered lines that shipped complete, each with the arrival date its first
/// range was built on (or, while it has too few such lines, its receipts). Run by the planning
/// recompute (nightly and "Recompute now"): a supplier whose chosen pair differs from its current one
/// is stored through the writer and its waiting lines are re-dated, as a receipt that moves its
/// lateness does; every supplier's whole lateness distribution (which dates overdue purchase orders)
/// is refreshed at the same time.
/// </summary>
public sealed class EtaRangeTuner(IDbContextFactory<WarehouseDbContext> factory, WarehouseWriter writer, IOptionsMonitor<BackorderDeskOptions> options, ILogger<EtaRangeTuner> logger)
{
    /// <summary>How far back quoted lines count, by when they went on backorder.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(365);

    /// <summary>The reason recorded in the ETA history of lines re-dated because the supplier's range pair changed.</summary>
    public const string RetunedReason = "Supplier ETA range retuned from its history";

    /// <summary>
    /// Every supplier's candidate scores and choice (keyed by supplier code) from its receipts (all of
    /// them) and its lines that went on backorder at or after <paramref name="since"/>. Three queries
    /// whatever the number of lines; nothing is written.
    /// </summary>
    public Task<IReadOnlyDictionary<string, SupplierTuning>> EvaluateAsync(DateTime since, CancellationToken ct) => EvaluateAsync(since, null, ct);

    /// <summary>
    /// Evaluates (see <see cref="EvaluateAsync(DateTime, CancellationToken)"/>) and applies every choice
    /// that differs from the supplier's current pair. With <paramref name="client"/>, only suppliers of
    /// that client's SKUs are tuned (from their whole history: a range is the supplier's, not the client's).
    /// </summary>
    public async Task<IReadOnlyList<EtaRangeRetuned>> TuneAsync(DateTime since, string? client, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var evaluated = await EvaluateAsync(since, client, ct);
        var retuned = new List<EtaRangeRetuned>();
        var done = 0;
        progress?.Report((0, evaluated.Count));
        foreach (var (code, tuning) in evaluated.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (await ApplyAsync(code, tuning.Chosen, ct) is { } change)
            {
                retuned.Add(change);
                logger.LogInformation(
                    "ETA ranges of supplier {Supplier} now {To} ({FromDays}–{ToDays} days late), were {From}.",
                    change.Supplier,
                    change.To,
                    change.FromDays,
                    change.ToDays,
                    change.From);
            }

            progress?.Report((++done, evaluated.Count));
        }

        return retuned;
    }

    private async Task<IReadOnlyDictionary<string, SupplierTuning>> EvaluateAsync(DateTime since, string? client, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var suppliers = db.Suppliers.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(client))
        {
            var code = client.Trim();
            suppliers = suppliers.Where(s => db.Skus.Any(k => k.SupplierId == s.Id && k.Client.Code == code));
        }

        var codes = await suppliers.ToDictionaryAsync(s => s.Id, s => s.Code, ct);
        var receipts = (await db.PurchaseOrderLines.AsNoTracking()
                .Where(p => p.ReceivedAt != null)
                .Select(p => new { p.PurchaseOrder.SupplierId, ReceivedAt = p.ReceivedAt!.Value, p.OriginalExpectedDate })
                .ToListAsync(ct))
            .ToLookup(r => r.SupplierId, r => new ReceiptDelay(r.ReceivedAt, ReceiptHistory.DelayDays(r.ReceivedAt, r.OriginalExpectedDate)));

        // Lines shipped complete, nothing cancelled: a cancelled line never tested its promise.
        var lines = (await db.OrderLines.AsNoTracking()
                .Where(l => l.Sku.SupplierId != null
                    && l.FirstEtaArrival != null
                    && l.BackorderedAt != null
                    && l.BackorderedAt >= since
                    && l.ShippedAt != null
                    && l.OpenQty == 0
                    && l.CancelledQty == 0)
                .Select(l => new { SupplierId = l.Sku.SupplierId!.Value, QuotedAt = l.BackorderedAt!.Value, Arrival = l.FirstEtaArrival!.Value, ShippedAt = l.ShippedAt!.Value })
                .ToListAsync(ct))
            .ToLookup(l => l.SupplierId, l => new QuotedLine(l.QuotedAt, l.Arrival, DateOnly.FromDateTime(l.ShippedAt)));

        var handling = options.CurrentValue.HandlingWorkingDays;
        return codes.ToDictionary(
            s => s.Value,
            s => EtaRangeTuning.Evaluate(receipts[s.Key].ToList(), lines[s.Key].ToList(), handling),
            StringComparer.Ordinal);
    }

    /// <summary>
    /// Stores the pair (when there is one) and the whole lateness distribution, recomputed from the
    /// receipts as they are in the write transaction; null when the pair was already the supplier's.
    /// </summary>
    private Task<EtaRangeRetuned?> ApplyAsync(string code, EtaRangeChoice? chosen, CancellationToken ct) =>
        writer.WriteAsync<EtaRangeRetuned?>(
            async (scope, c) =>
            {
                var supplier = await scope.Db.Suppliers.FirstOrDefaultAsync(s => s.Code == code, c);
                if (supplier is null)
                {
                    return null;
                }

                var before = (Pair: supplier.EtaRange, supplier.EtaRangeFromDays, supplier.EtaRangeToDays);
                var delays = await SupplierLateness.DelaysAsync(scope.Db, supplier.Id, c);
                var retune = chosen is { } pair && pair != before.Pair;
                if (retune)
                {
                    supplier.ChooseEtaRange(chosen!.Value, delays);
                }
                else
                {
                    supplier.SetLatenessFrom(delays);
                }

                if ((supplier.EtaRangeFromDays, supplier.EtaRangeToDays) != (before.EtaRangeFromDays, before.EtaRangeToDays))
                {
                    await SupplierLateness.RedateWaitingLinesAsync(scope, supplier.Id, retune ? RetunedReason : SupplierLateness.HistoryChangedReason, c);
                }

                return retune ? new EtaRangeRetuned(supplier.Code, before.Pair, chosen!.Value, supplier.EtaRangeFromDays, supplier.EtaRangeToDays) : null;
            },
            ct);
}
