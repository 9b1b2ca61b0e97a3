using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>API.md <c>GET /api/skus/{sku}/planning</c>, plus what the planning panel shows beside it.</summary>
public sealed record SkuPlanningView(
    string Sku,
    AbcClass AbcClass,
    decimal ServiceLevel,
    double Z,
    int WindowDays,
    double DemandMean,
    double DemandStdDev,
    double LeadTimeMean,
    double LeadTimeStdDev,
    bool LeadTimeFromHistory,
    int SafetyStock,
    int ReorderPoint,
    bool ReorderPointIsManual,
    int InventoryPosition,
    int ReviewDays,
    int SuggestedQty,
    string Name,
    string Client,
    ServiceLevelSource ServiceLevelSource,
    bool SafetyStockIsManual,
    int ComputedSafetyStock,
    int ComputedReorderPoint,
    int? ManualSafetyStock,
    int? ManualReorderPoint,
    int OnHand,
    int Allocated,
    int OnOrder,
    int Backordered,
    string? Supplier,
    int Moq,
    int CasePack,
    DateTime? PlanningComputedAt)
{
    /// <summary>The safety-stock formula with this SKU's own numbers, e.g. <c>SS = 2.054 · √(10 · 3.1² + 4.2² · 2²) = 27</c>.</summary>
    public string SafetyStockFormula => string.Create(
        CultureInfo.InvariantCulture,
        $"SS = {Z:0.000} · √({LeadTimeMean:0.##} · {DemandStdDev:0.##}² + {DemandMean:0.##}² · {LeadTimeStdDev:0.##}²) = {ComputedSafetyStock}");

    /// <summary>The reorder-point formula with the applied safety stock.</summary>
    public string ReorderPointFormula => string.Create(
        CultureInfo.InvariantCulture,
        $"ROP = d̄ · L + SS = {DemandMean:0.##} · {LeadTimeMean:0.##} + {SafetyStock} = {ReorderPlanning.ReorderPoint(new DemandFigures(DemandMean, DemandStdDev), new LeadTimeFigures(LeadTimeMean, LeadTimeStdDev, LeadTimeFromHistory), SafetyStock)}");
}

public sealed record SkuPlanningPanelData(
    SkuPlanningView View,
    IReadOnlyList<(DateOnly Day, int Units)> Demand,
    IReadOnlyList<(DateOnly Day, int Position)> Positions);

/// <summary>
/// One SKU's planning figures: the stored ones every other reader shows (<see cref="PlanningNumbers"/>),
/// with the live inventory position and the suggestion built from them. A SKU that no computation has
/// reached yet is computed at once and stored (through the writer when there is one), so the API, the
/// panel and the lists agree from the first read.
/// </summary>
public sealed class SkuPlanning(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, UnplannedSkus? unplanned = null)
{
    public async Task<SkuPlanningView?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await GetAsync(db, code, cancellationToken);
    }

    /// <summary>The figures, the daily demand and the end-of-day inventory position of the window, for the planning panel.</summary>
    public async Task<SkuPlanningPanelData?> GetPanelAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (await GetAsync(db, code, cancellationToken) is not { } view)
        {
            return null;
        }

        var id = await db.Skus.Where(s => s.Code == code).Select(s => s.Id).SingleAsync(cancellationToken);
        var demand = await PlanningData.DailyDemandAsync(db, today, id, cancellationToken);
        var positions = await PlanningData.PositionHistoryAsync(db, today, id, view.InventoryPosition, demand, cancellationToken);
        return new SkuPlanningPanelData(view, demand, positions);
    }

    private async Task<SkuPlanningView?> GetAsync(WarehouseDbContext db, string code, CancellationToken cancellationToken)
    {
        var sku = await Load(db, code, cancellationToken);
        if (sku is null)
        {
            return null;
        }

        if (sku.PlanningComputedAt is null)
        {
            if (unplanned is not null)
            {
                await unplanned.ComputeAsync(sku.Id, cancellationToken);
                db.ChangeTracker.Clear();
                sku = await Load(db, code, cancellationToken) ?? throw new InvalidOperationException($"SKU {code} disappeared.");
            }
            else
            {
                var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
                await PlanningNumbers.ComputeAsync(db, [sku], today, time.GetUtcNow().UtcDateTime, cancellationToken);
            }
        }

        return View(sku);
    }

    private static Task<Sku?> Load(WarehouseDbContext db, string code, CancellationToken cancellationToken) =>
        db.Skus.Include(s => s.Client).Include(s => s.Supplier).FirstOrDefaultAsync(s => s.Code == code, cancellationToken);

    /// <summary>The stored numbers, explained: z, the service level and its source from the stored inputs.</summary>
    private static SkuPlanningView View(Sku s)
    {
        var figures = ReorderPlanning.Compute(new ReorderInputsSnapshot(
            new DemandFigures(s.DemandMean, s.DemandStdDev),
            new LeadTimeFigures(s.LeadTimeMean, s.LeadTimeStdDev, s.LeadTimeFromHistory),
            s.AbcClass ?? AbcClass.C,
            s.Client.ServiceLevelOverride,
            s.ServiceLevelOverride,
            s.ManualReorderPoint,
            s.ManualSafetyStock));
        var position = s.InventoryPosition;
        return new SkuPlanningView(
            s.Code,
            figures.AbcClass,
            figures.ServiceLevel,
            figures.Z,
            ReorderPlanning.WindowDays,
            s.DemandMean,
            s.DemandStdDev,
            s.LeadTimeMean,
            s.LeadTimeStdDev,
            s.LeadTimeFromHistory,
            s.SafetyStock,
            s.ReorderPoint,
            s.ReorderPointIsManual,
            position,
            s.Client.ReviewDays,
            ReorderMath.SuggestedQuantity(position, s.ReorderPoint, s.DemandMean, s.Client.ReviewDays, s.Moq, s.CasePack),
            s.Name,
            s.Client.Code,
            figures.ServiceLevelSource,
            s.ManualSafetyStock is not null,
            s.ComputedSafetyStock,
            figures.ComputedReorderPoint,
            s.ManualSafetyStock,
            s.ManualReorderPoint,
            s.OnHand,
            s.Allocated,
            s.OnOrder,
            s.Backordered,
            s.Supplier?.Code,
            s.Moq,
            s.CasePack,
            s.PlanningComputedAt);
    }
}
