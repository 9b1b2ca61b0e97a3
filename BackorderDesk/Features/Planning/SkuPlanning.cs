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
/// One SKU's planning figures computed from the data as of the call: demand, lead times, service
/// level, SS, ROP, IP and the suggestion. The ABC class is the last planning run's (it ranks the whole
/// client); a SKU no run has classified yet is ranked now.
/// </summary>
public sealed class SkuPlanning(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    public async Task<SkuPlanningView?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await GetAsync(db, code, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
    }

    /// <summary>The figures, the daily demand and the end-of-day inventory position of the window, for the planning panel.</summary>
    public async Task<SkuPlanningPanelData?> GetPanelAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        if (await GetAsync(db, code, today, cancellationToken) is not { } view)
        {
            return null;
        }

        var id = await db.Skus.Where(s => s.Code == code).Select(s => s.Id).SingleAsync(cancellationToken);
        var demand = await PlanningData.DailyDemandAsync(db, today, id, cancellationToken);
        var positions = await PlanningData.PositionHistoryAsync(db, today, id, view.InventoryPosition, demand, cancellationToken);
        return new SkuPlanningPanelData(view, demand, positions);
    }

    private static async Task<SkuPlanningView?> GetAsync(WarehouseDbContext db, string code, DateOnly today, CancellationToken cancellationToken)
    {
        var s = await db.Skus.AsNoTracking()
            .Where(s => s.Code == code)
            .Select(s => new
            {
                s.Id,
                s.Code,
                s.Name,
                s.ClientId,
                Client = s.Client.Code,
                s.Client.ReviewDays,
                ClientServiceLevel = s.Client.ServiceLevelOverride,
                s.ServiceLevelOverride,
                s.ManualReorderPoint,
                s.ManualSafetyStock,
                s.SupplierId,
                Supplier = s.Supplier == null ? null : s.Supplier.Code,
                ConfiguredLeadTime = s.LeadTimeDays ?? (s.Supplier == null ? null : (int?)s.Supplier.LeadTimeDays),
                s.OnHand,
                s.Allocated,
                s.OnOrder,
                s.Backordered,
                s.Moq,
                s.CasePack,
                s.PlanningComputedAt,
                s.AbcClass,
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (s is null)
        {
            return null;
        }

        var demand = await PlanningData.DemandAsync(db, today, null, s.Id, cancellationToken);
        var leadTimes = s.SupplierId is { } supplierId ? await PlanningData.LeadTimesAsync(db, supplierId, cancellationToken) : [];
        // The ABC class ranks the whole client: the last run's when there is one (ranking a large client
        // reads all its demand, seconds on 100,000 SKUs), else ranked now.
        var abc = s.AbcClass ?? (await PlanningData.AbcClassesAsync(db, today, s.ClientId, cancellationToken)).GetValueOrDefault(s.Id, AbcClass.C);
        var figures = ReorderPlanning.Compute(new ReorderInputsSnapshot(
            demand.TryGetValue(s.Id, out var d) ? ReorderPlanning.Demand(d.Units, d.Squares) : DemandFigures.None,
            PlanningData.LeadTime(s.SupplierId, s.ConfiguredLeadTime, leadTimes),
            abc,
            s.ClientServiceLevel,
            s.ServiceLevelOverride,
            s.ManualReorderPoint,
            s.ManualSafetyStock));
        var position = s.OnHand - s.Allocated + s.OnOrder - s.Backordered;
        return new SkuPlanningView(
            s.Code,
            figures.AbcClass,
            figures.ServiceLevel,
            figures.Z,
            ReorderPlanning.WindowDays,
            figures.Demand.Mean,
            figures.Demand.StdDev,
            figures.LeadTime.Mean,
            figures.LeadTime.StdDev,
            figures.LeadTime.FromHistory,
            figures.SafetyStock,
            figures.ReorderPoint,
            figures.IsManual,
            position,
            s.ReviewDays,
            ReorderMath.SuggestedQuantity(position, figures.ReorderPoint, figures.Demand.Mean, s.ReviewDays, s.Moq, s.CasePack),
            s.Name,
            s.Client,
            figures.ServiceLevelSource,
            figures.SafetyStockIsManual,
            figures.ComputedSafetyStock,
            figures.ComputedReorderPoint,
            s.ManualSafetyStock,
            s.ManualReorderPoint,
            s.OnHand,
            s.Allocated,
            s.OnOrder,
            s.Backordered,
            s.Supplier,
            s.Moq,
            s.CasePack,
            s.PlanningComputedAt);
    }
}
