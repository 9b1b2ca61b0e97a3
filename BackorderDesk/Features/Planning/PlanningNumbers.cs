using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>
/// One SKU, one set of planning numbers (rules.md R4): the reorder point,
/// safety stock and their inputs are the ones stored on the SKU, and every reader (the alert list, the
/// Planning grid, the planning API and panel, the dashboard's count and panel, the reorder export)
/// shows those, with the live inventory position and the suggestion built from them
/// (<see cref="ReorderMath.SuggestedQuantity"/> with the stored d̄). So that the stored numbers are
/// never a reorder point of 0 for want of a run, they are computed at once, in the same write, when
/// the inputs of a SKU change outside a run: a SKU created or its supply or planning settings
/// changed, and new demand (an order line added). The nightly run brings the rest up to date (the
/// window sliding by a day, the supplier's lead-time history, the ABC ranking). A SKU that no
/// computation has reached at all (written by other means) is computed by the first reader.
/// </summary>
public static class PlanningNumbers
{
    /// <summary>
    /// Computes and stores the planning numbers of these tracked SKUs from the data as of now (the
    /// caller saves). Reads are a few queries for the whole set: demand of these SKUs, lead times of
    /// their suppliers, their clients' service levels, and the ABC ranking of a client only when one
    /// of its SKUs with demand has no class yet. Returns the SKUs that became reorder alerts.
    /// </summary>
    public static async Task<IReadOnlyList<Sku>> ComputeAsync(WarehouseDbContext db, IReadOnlyCollection<Sku> skus, DateOnly today, DateTime now, CancellationToken cancellationToken)
    {
        if (skus.Count == 0)
        {
            return [];
        }

        var demand = await PlanningData.DemandForAsync(db, today, skus.Select(s => s.Id).ToList(), cancellationToken);
        var supplierIds = skus.Where(s => s.SupplierId is not null).Select(s => s.SupplierId!.Value).Distinct().ToList();
        var quoted = await db.Suppliers.AsNoTracking().Where(s => supplierIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, s => s.LeadTimeDays, cancellationToken);
        var leadTimes = new Dictionary<int, LeadTimeSums>();
        foreach (var supplierId in supplierIds)
        {
            foreach (var (id, sums) in await PlanningData.LeadTimesAsync(db, supplierId, cancellationToken))
            {
                leadTimes[id] = sums;
            }
        }

        var clientIds = skus.Select(s => s.ClientId).Distinct().ToList();
        var clientLevels = await db.Clients.AsNoTracking().Where(c => clientIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, c => c.ServiceLevelOverride, cancellationToken);

        // A class is the last run's; a SKU with demand that no run has classified is ranked within its client now.
        var ranked = new Dictionary<int, AbcClass>();
        foreach (var clientId in skus.Where(s => s.AbcClass is null && demand.ContainsKey(s.Id)).Select(s => s.ClientId).Distinct())
        {
            foreach (var (id, abc) in await PlanningData.AbcClassesAsync(db, today, clientId, cancellationToken))
            {
                ranked[id] = abc;
            }
        }

        var raised = new List<Sku>();
        foreach (var sku in skus)
        {
            var wasAlert = sku.IsReorderAlert;
            var hasDemand = demand.TryGetValue(sku.Id, out var d);
            var configured = sku.LeadTimeDays ?? (sku.SupplierId is { } supplierId ? quoted.GetValueOrDefault(supplierId) : null);
            var figures = ReorderPlanning.Compute(new ReorderInputsSnapshot(
                hasDemand ? d.Figures : DemandFigures.None,
                PlanningData.LeadTime(sku.SupplierId, configured, leadTimes),
                sku.AbcClass ?? ranked.GetValueOrDefault(sku.Id, AbcClass.C),
                clientLevels.GetValueOrDefault(sku.ClientId),
                sku.ServiceLevelOverride,
                sku.ManualReorderPoint,
                sku.ManualSafetyStock));
            sku.ApplyPlanning(figures, now, classified: sku.AbcClass is not null || hasDemand);
            if (!wasAlert && sku.IsReorderAlert)
            {
                raised.Add(sku);
            }
        }

        return raised;
    }

    /// <summary>
    /// In a write command: the SKUs that got new order lines in it have new demand; their numbers are
    /// computed before the save (the lines are saved first so that the demand query sees them).
    /// </summary>
    public static async Task ComputeForNewDemandAsync(WriteScope scope, CancellationToken cancellationToken)
    {
        var skus = scope.Db.ChangeTracker.Entries<SalesOrderLine>()
            .Where(e => e.State == EntityState.Added)
            .Select(e => e.Entity.Sku)
            .Distinct()
            .ToList();
        if (skus.Count == 0)
        {
            return;
        }

        await scope.Db.SaveChangesAsync(cancellationToken);
        foreach (var sku in await ComputeAsync(scope.Db, skus, scope.Today, scope.Now, cancellationToken))
        {
            // A SKU the command loaded raises its alert from its book; one it did not is told here.
            if (!scope.Changes.TouchedSkus.Contains(sku))
            {
                scope.Events.Add(new Live.AlertRaised(sku.Code, ReorderAlertKinds.BelowReorderPoint));
            }
        }
    }
}

/// <summary>
/// The readers' side of <see cref="PlanningNumbers"/>: before a list or count is read, SKUs that no
/// computation has reached yet (e.g. written straight to the database) are computed and stored
/// through the writer, so that no reader shows a reorder point of 0 for want of a run. When every SKU
/// has numbers this is one indexed-free existence check (a scan of <c>Skus</c> that stops at the first hit).
/// </summary>
public sealed class UnplannedSkus(IDbContextFactory<WarehouseDbContext> factory, WarehouseWriter writer)
{
    private const int Batch = 500;

    /// <summary>Computes and stores one SKU's numbers if nothing has yet (the planning API's first read).</summary>
    public Task ComputeAsync(int skuId, CancellationToken cancellationToken) =>
        writer.WriteAsync(
            async (scope, ct) =>
            {
                var skus = await scope.Db.Skus.Where(s => s.Id == skuId && s.PlanningComputedAt == null).ToListAsync(ct);
                var raised = await PlanningNumbers.ComputeAsync(scope.Db, skus, scope.Today, scope.Now, ct);
                scope.Events.AddRange(raised.Select(s => new Live.AlertRaised(s.Code, ReorderAlertKinds.BelowReorderPoint)));
                return skus.Count;
            },
            cancellationToken);

    /// <summary>Computes and stores the numbers of every SKU that has none yet, in batches.</summary>
    public async Task ComputeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
            {
                if (!await db.Skus.AnyAsync(s => s.PlanningComputedAt == null, cancellationToken))
                {
                    return;
                }
            }

            await writer.WriteAsync(
                async (scope, ct) =>
                {
                    var skus = await scope.Db.Skus.Where(s => s.PlanningComputedAt == null).OrderBy(s => s.Id).Take(Batch).ToListAsync(ct);
                    var raised = await PlanningNumbers.ComputeAsync(scope.Db, skus, scope.Today, scope.Now, ct);
                    scope.Events.AddRange(raised.Select(s => new Live.AlertRaised(s.Code, ReorderAlertKinds.BelowReorderPoint)));
                    return skus.Count;
                },
                cancellationToken);
        }
    }
}
