using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Scheduling;

/// <summary>What one run of the daily rules did.</summary>
/// <param name="PreordersReleased">Preorder SKUs whose release date had come and whose stock went to their queue.</param>
/// <param name="LinesAllocated">Allocations those releases made (one per line served).</param>
/// <param name="SkusRedated">SKUs at least one of whose waiting lines got a new ETA.</param>
/// <param name="EtasChanged">Waiting lines whose ETA changed.</param>
/// <param name="SkusChecked">SKUs the run looked at (the candidates of both rules).</param>
public sealed record DailyRulesOutcome(int PreordersReleased, int LinesAllocated, int SkusRedated, int EtasChanged, int SkusChecked = 0)
{
    public static DailyRulesOutcome None { get; } = new(0, 0, 0, 0);

    public bool DidSomething => PreordersReleased > 0 || LinesAllocated > 0 || EtasChanged > 0;

    public DailyRulesOutcome Add(DailyRulesOutcome other) => new(
        PreordersReleased + other.PreordersReleased,
        LinesAllocated + other.LinesAllocated,
        SkusRedated + other.SkusRedated,
        EtasChanged + other.EtasChanged,
        SkusChecked + other.SkusChecked);
}

/// <summary>
/// The rules that depend on the date rather than on a change, run for "today" as the app's clock
/// says (the daily service, or a replay moving a simulated clock):
/// <list type="bullet">
/// <item>a Preorder SKU whose release date has come gives its available units to its queue, FIFO
/// (DOMAIN.md allocation rules 1 and 5);</item>
/// <item>waiting lines whose stored ETA no longer holds are re-dated: a range whose last day is before
/// the first day anything could ship from today (an expected date passed without a receipt, and the
/// supplier's usual lateness too), and every unconfirmed estimate (today + lead time moves with
/// today). A range whose first days passed but whose last day can still be kept is left as promised:
/// moving it would tell the customer of a delay that may not come.
/// Whether a new date is a slip is <see cref="SalesOrderLine"/>'s rule, not this one's.</item>
/// </list>
/// Idempotent: a second run on the same day finds nothing to allocate and every ETA as it was.
/// The candidate SKUs are found by one query; the work goes through the writer in commands of
/// <see cref="ChunkSize"/> SKUs, so no command holds the writer for long.
/// </summary>
public sealed class DailyRules(IDbContextFactory<WarehouseDbContext> factory, WarehouseWriter writer, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options)
{
    public const int ChunkSize = 200;

    /// <summary>The reason in the ETA history of lines whose range ended before the first possible shipping day.</summary>
    public const string DatePassedReason = "the expected date passed";

    /// <summary>The reason in the ETA history of unconfirmed estimates that moved with the date.</summary>
    public const string DayPassedReason = "a day passed";

    public async Task<DailyRulesOutcome> RunAsync(CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var firstShipDay = EtaCalculator.AddWorkingDays(today, options.CurrentValue.HandlingWorkingDays);
        var candidates = await CandidatesAsync(today, firstShipDay, cancellationToken);
        var outcome = DailyRulesOutcome.None;
        foreach (int[] chunk in candidates.Chunk(ChunkSize))
        {
            outcome = outcome.Add(await writer.WriteAsync((scope, ct) => ApplyAsync(scope, chunk, ct), cancellationToken));
        }

        return outcome;
    }

    /// <summary>
    /// The ids of the SKUs either rule may change, in one query: released preorders with stock and an
    /// allocatable waiting line, and SKUs with a waiting line whose ETA is stale from today.
    /// </summary>
    private async Task<List<int>> CandidatesAsync(DateOnly today, DateOnly firstShipDay, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var released = db.Skus
            .Where(s => s.Policy == SellingPolicy.Preorder && s.ReleaseDate != null && s.ReleaseDate <= today
                && s.OnHand - s.Allocated > 0 && s.Backordered > 0
                && db.OrderLines.Any(l => l.SkuId == s.Id && l.WaitingQty > 0 && !l.OnHold))
            .Select(s => s.Id);
        var stale = db.OrderLines
            .Where(l => l.WaitingQty > 0
                && ((l.EtaTo != null && l.EtaTo < firstShipDay) || (!l.EtaConfirmed && l.EtaTo != null)))
            .Select(l => l.SkuId);
        var ids = await released.Union(stale).ToListAsync(cancellationToken);
        ids.Sort();
        return ids;
    }

    private static async Task<DailyRulesOutcome> ApplyAsync(WriteScope scope, IReadOnlyCollection<int> skuIds, CancellationToken ct)
    {
        var skus = await scope.Db.Skus.Include(s => s.Supplier).Where(s => skuIds.Contains(s.Id)).OrderBy(s => s.Id).ToListAsync(ct);
        var firstShipDay = EtaCalculator.AddWorkingDays(scope.Today, scope.HandlingDays);
        var (released, allocated, redated, changed) = (0, 0, 0, 0);
        foreach (var book in await scope.LoadBooksAsync(skus, ct))
        {
            var sku = book.Sku;
            var etaChangesBefore = scope.Changes.EtaChanges.Count;
            if (sku.Policy == SellingPolicy.Preorder && sku.IsReleasedOn(scope.Today) && sku.Available > 0 && book.Queue.Any(l => l.WaitingQty > 0 && !l.OnHold))
            {
                // Allocation refreshes the ETAs of whoever still waits.
                var allocations = WarehouseOperations.Allocate(book, new AllocationContext(AllocationCause.PreorderRelease, sku.Code, scope.Now), scope.Operation);
                if (allocations.Count > 0)
                {
                    released++;
                    allocated += allocations.Count;
                }
            }
            else
            {
                var passed = book.Queue.Any(l => l.WaitingQty > 0 && l.EtaTo is { } to && to < firstShipDay);
                WarehouseOperations.RefreshEtas(book, passed ? DatePassedReason : DayPassedReason, scope.Operation);
            }

            var etaChanges = scope.Changes.EtaChanges.Count - etaChangesBefore;
            if (etaChanges > 0)
            {
                redated++;
                changed += etaChanges;
            }
        }

        return new DailyRulesOutcome(released, allocated, redated, changed, skus.Count);
    }
}
