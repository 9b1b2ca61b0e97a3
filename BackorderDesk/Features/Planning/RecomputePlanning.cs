using System.Diagnostics;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>A run's step: <paramref name="Done"/> of <paramref name="Total"/> <paramref name="Unit"/> (Total 0: not counted).</summary>
public sealed record RecomputeProgress(string Stage, int Done, int Total, string Unit = "SKUs")
{
    public double Percent => Total == 0 ? 0 : 100.0 * Done / Total;
}

/// <param name="RetunedSuppliers">Suppliers whose ETA range percentiles the run moved (<see cref="EtaRangeTuner"/>).</param>
public sealed record RecomputeResult(int Skus, int NewAlerts, DateTime ComputedAt, TimeSpan Elapsed, int RetunedSuppliers = 0);

/// <summary>
/// Recomputes d̄, σd, L, σL, the ABC class, the service level, SS and ROP of every SKU (or one
/// client's). Reads are a handful of GROUP BY queries whatever the number of SKUs; writes go
/// through the <see cref="WarehouseWriter"/> in batches of <see cref="BatchSize"/> SKUs, so an order
/// or a scan waits at most one batch (tens of milliseconds) and never races the run. Manual
/// overrides and service levels are read inside each write batch, so a change made during the run
/// is not overwritten with stale values. A SKU the new reorder point puts at or below its reorder
/// point raises <see cref="AlertRaised"/>. Then each supplier's ETA range percentiles are chosen again
/// from its history (<see cref="EtaRangeTuner"/>; without one, as when only the planning numbers are
/// under test, ranges are left as they are).
/// </summary>
public sealed class RecomputePlanning(
    IDbContextFactory<WarehouseDbContext> factory,
    WarehouseWriter writer,
    TimeProvider time,
    ILogger<RecomputePlanning> logger,
    EtaRangeTuner? etaRanges = null)
{
    public const int BatchSize = 500;

    public async Task<RecomputeResult> HandleAsync(string? client, IProgress<RecomputeProgress>? progress, CancellationToken cancellationToken)
    {
        var result = await RunAsync(
            factory,
            time,
            client,
            progress,
            (batch, ct) => writer.WriteAsync(
                async (scope, c) =>
                {
                    var raised = await ApplyBatchAsync(scope.Db, batch, scope.Now, c);
                    scope.Events.AddRange(raised.Select(code => new AlertRaised(code, ReorderAlertKinds.BelowReorderPoint)));
                    return raised.Count;
                },
                ct),
            cancellationToken);
        if (etaRanges is not null)
        {
            var clock = Stopwatch.StartNew();
            const string stage = "Choosing ETA ranges from supplier history";
            progress?.Report(new RecomputeProgress(stage, 0, 0, "suppliers"));
            var since = time.GetUtcNow().UtcDateTime - EtaRangeTuner.Window;
            var retuned = await etaRanges.TuneAsync(
                since,
                client,
                progress is null ? null : new StepReporter(step => progress.Report(new RecomputeProgress(stage, step.Done, step.Total, "suppliers"))),
                cancellationToken);
            result = result with { Elapsed = result.Elapsed + clock.Elapsed, RetunedSuppliers = retuned.Count };
        }

        logger.LogInformation(
            "Planning recomputed for {Skus:N0} SKUs in {Seconds:0.0} s; {Alerts:N0} new alerts; {Retuned} suppliers' ETA ranges retuned.",
            result.Skus,
            result.Elapsed.TotalSeconds,
            result.NewAlerts,
            result.RetunedSuppliers);
        return result;
    }

    /// <summary>The same computation written straight to the database, for the seeder (nobody else writes yet).</summary>
    public static Task<RecomputeResult> RunWithoutWriterAsync(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, CancellationToken cancellationToken) =>
        RunAsync(
            factory,
            time,
            null,
            null,
            async (batch, ct) =>
            {
                await using var db = await factory.CreateDbContextAsync(ct);
                var raised = await ApplyBatchAsync(db, batch, time.GetUtcNow().UtcDateTime, ct);
                await db.SaveChangesAsync(ct);
                return raised.Count;
            },
            cancellationToken);

    private static async Task<RecomputeResult> RunAsync(
        IDbContextFactory<WarehouseDbContext> factory,
        TimeProvider time,
        string? client,
        IProgress<RecomputeProgress>? progress,
        Func<PlanningBatch, CancellationToken, Task<int>> write,
        CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        progress?.Report(new RecomputeProgress("Reading demand and lead times", 0, 0));

        List<SkuRow> skus;
        Dictionary<int, DemandSums> demand;
        Dictionary<int, LeadTimeSums> leadTimes;
        Dictionary<int, decimal?> clientLevels;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            int? clientId = null;
            if (!string.IsNullOrWhiteSpace(client))
            {
                var code = client.Trim();
                clientId = await db.Clients.Where(c => c.Code == code).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException($"Client {code} does not exist.");
            }

            var query = db.Skus.AsNoTracking();
            if (clientId is { } id)
            {
                query = query.Where(s => s.ClientId == id);
            }

            skus = await query
                .OrderBy(s => s.Id)
                .Select(s => new SkuRow(s.Id, s.ClientId, s.UnitCost, s.SupplierId, s.LeadTimeDays ?? (s.Supplier == null ? null : (int?)s.Supplier.LeadTimeDays)))
                .ToListAsync(cancellationToken);
            demand = await PlanningData.DemandAsync(db, today, clientId, null, cancellationToken);
            leadTimes = await PlanningData.LeadTimesAsync(db, null, cancellationToken);
            clientLevels = await db.Clients.ToDictionaryAsync(c => c.Id, c => c.ServiceLevelOverride, cancellationToken);
        }

        // ABC within each client: a 3PL's clients each have their own portfolio.
        var classes = new Dictionary<int, AbcClass>(skus.Count);
        foreach (var group in skus.GroupBy(s => s.ClientId))
        {
            foreach (var (id, abc) in ReorderPlanning.ClassifyAbc(group.Select(s => (s.Id, PlanningData.DemandValue(demand, s.Id, s.UnitCost)))))
            {
                classes[id] = abc;
            }
        }

        var done = 0;
        var newAlerts = 0;
        progress?.Report(new RecomputeProgress("Writing reorder points", 0, skus.Count));
        foreach (var chunk in skus.Chunk(BatchSize))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var inputs = chunk.ToDictionary(
                s => s.Id,
                s => new SkuPlanningInputs(
                    demand.TryGetValue(s.Id, out var d) ? d.Figures : DemandFigures.None,
                    PlanningData.LeadTime(s.SupplierId, s.ConfiguredLeadTime, leadTimes),
                    classes[s.Id],
                    clientLevels.GetValueOrDefault(s.ClientId)));
            newAlerts += await write(new PlanningBatch(chunk[0].Id, chunk[^1].Id, inputs), cancellationToken);
            done += chunk.Length;
            progress?.Report(new RecomputeProgress("Writing reorder points", done, skus.Count));
        }

        return new RecomputeResult(skus.Count, newAlerts, now, clock.Elapsed);
    }

    /// <summary>Applies the figures to the batch's SKUs (tracked; the caller saves) and returns the codes newly at or below their reorder point.</summary>
    private static async Task<List<string>> ApplyBatchAsync(WarehouseDbContext db, PlanningBatch batch, DateTime now, CancellationToken cancellationToken)
    {
        var raised = new List<string>();
        var skus = await db.Skus.Where(s => s.Id >= batch.FirstId && s.Id <= batch.LastId).ToListAsync(cancellationToken);
        foreach (var sku in skus)
        {
            if (!batch.Inputs.TryGetValue(sku.Id, out var input))
            {
                continue; // Another client's SKU inside the id range, or one created after the read.
            }

            var wasBelow = sku.IsReorderAlert;
            var figures = ReorderPlanning.Compute(new ReorderInputsSnapshot(
                input.Demand, input.LeadTime, input.AbcClass, input.ClientServiceLevel, sku.ServiceLevelOverride, sku.ManualReorderPoint, sku.ManualSafetyStock));
            sku.ApplyPlanning(figures, now);
            if (!wasBelow && sku.IsReorderAlert)
            {
                raised.Add(sku.Code);
            }
        }

        return raised;
    }

    // Progress<T> would post to a captured context; the caller's reporter marshals to its own.
    private sealed class StepReporter(Action<(int Done, int Total)> report) : IProgress<(int Done, int Total)>
    {
        public void Report((int Done, int Total) value) => report(value);
    }

    private sealed record SkuRow(int Id, int ClientId, decimal UnitCost, int? SupplierId, int? ConfiguredLeadTime);

    private sealed record SkuPlanningInputs(DemandFigures Demand, LeadTimeFigures LeadTime, AbcClass AbcClass, decimal? ClientServiceLevel);

    private sealed record PlanningBatch(int FirstId, int LastId, Dictionary<int, SkuPlanningInputs> Inputs);
}

/// <summary>The <c>kind</c> of <c>AlertRaised</c>.</summary>
public static class ReorderAlertKinds
{
    public const string BelowReorderPoint = "BelowReorderPoint";
}
