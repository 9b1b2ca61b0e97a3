using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Catalog;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Stock;

public sealed record LedgerEntry(MovementKind Kind, int Qty, DateTime At, string Cause);

public sealed record OpenPurchaseLine(string Number, string Supplier, int OpenQty, DateOnly ExpectedDate, DateOnly OriginalExpectedDate, bool Late);

/// <summary>Ordered units on one day of the demand window.</summary>
public sealed record DemandDay(DateOnly Day, int Units);

/// <summary>
/// What is stored for the reorder point: the manual overrides, the last planning run's computed values
/// and the inputs it used (d̄, σd, L, σL, ABC class, service level), and the configured lead time.
/// </summary>
public sealed record ReorderInputs(
    int? ManualReorderPoint,
    int? ManualSafetyStock,
    int ComputedReorderPoint,
    int ComputedSafetyStock,
    decimal? ServiceLevelOverride,
    int? LeadTimeDays,
    int? SupplierLeadTimeDays,
    AbcClass? AbcClass = null,
    double DemandMean = 0,
    double DemandStdDev = 0,
    double LeadTimeMean = 0,
    double LeadTimeStdDev = 0,
    bool LeadTimeFromHistory = false,
    decimal? ServiceLevel = null,
    DateTime? PlanningComputedAt = null);

public sealed record SkuStockView(
    SkuView Sku,
    IReadOnlyList<LedgerEntry> Ledger,
    IReadOnlyList<QueueEntry> Queue,
    IReadOnlyList<OpenPurchaseLine> PurchaseLines,
    IReadOnlyList<DemandDay> Demand,
    ReorderInputs Reorder);

/// <summary>
/// The SKU detail page: buckets and queue from the catalog's use cases, plus the last ledger rows,
/// the open PO lines and the daily demand of the last <see cref="DemandDays"/> calendar days
/// including today (days without orders are zero, rules.md R4.1).
/// </summary>
public sealed class SkuStockDetails(IDbContextFactory<WarehouseDbContext> factory, SkuDetails details, SkuQueue queue, TimeProvider time)
{
    public const int LedgerRows = 50;

    public const int DemandDays = 90;

    /// <returns>Null when the SKU does not exist.</returns>
    public async Task<SkuStockView?> HandleAsync(string code, CancellationToken cancellationToken)
    {
        var sku = await details.GetAsync(code, cancellationToken);
        if (sku is null)
        {
            return null;
        }

        var waiting = await queue.GetAsync(code, cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var firstDay = today.AddDays(1 - DemandDays);
        var since = firstDay.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skuId = await db.Skus.Where(s => s.Code == code).Select(s => s.Id).SingleAsync(cancellationToken);
        var ledger = await db.Ledger.AsNoTracking()
            .Where(m => m.SkuId == skuId)
            .OrderByDescending(m => m.At)
            .ThenByDescending(m => m.Id)
            .Take(LedgerRows)
            .Select(m => new LedgerEntry(m.Kind, m.Qty, m.At, m.Cause))
            .ToListAsync(cancellationToken);
        var purchaseLines = await db.PurchaseOrderLines.AsNoTracking()
            .Where(p => p.SkuId == skuId && p.OpenQty > 0)
            .OrderBy(p => p.ExpectedDate)
            .ThenBy(p => p.PurchaseOrder.Number)
            .Select(p => new OpenPurchaseLine(
                p.PurchaseOrder.Number,
                p.PurchaseOrder.Supplier.Code,
                p.OpenQty,
                p.ExpectedDate,
                p.OriginalExpectedDate,
                p.ExpectedDate < today))
            .ToListAsync(cancellationToken);
        var ordered = await db.OrderLines.AsNoTracking()
            .Where(l => l.SkuId == skuId && l.Order.PlacedAt >= since)
            .Select(l => new { l.Order.PlacedAt, l.OrderedQty })
            .ToListAsync(cancellationToken);
        var reorder = await db.Skus.AsNoTracking()
            .Where(s => s.Id == skuId)
            .Select(s => new ReorderInputs(
                s.ManualReorderPoint,
                s.ManualSafetyStock,
                s.ComputedReorderPoint,
                s.ComputedSafetyStock,
                s.ServiceLevelOverride,
                s.LeadTimeDays,
                s.Supplier == null ? null : (int?)s.Supplier.LeadTimeDays,
                s.AbcClass,
                s.DemandMean,
                s.DemandStdDev,
                s.LeadTimeMean,
                s.LeadTimeStdDev,
                s.LeadTimeFromHistory,
                s.ServiceLevel,
                s.PlanningComputedAt))
            .SingleAsync(cancellationToken);

        var unitsPerDay = ordered
            .GroupBy(o => DateOnly.FromDateTime(o.PlacedAt))
            .ToDictionary(g => g.Key, g => g.Sum(o => o.OrderedQty));
        var demand = Enumerable.Range(0, DemandDays)
            .Select(i => firstDay.AddDays(i))
            .Select(day => new DemandDay(day, unitsPerDay.GetValueOrDefault(day)))
            .ToList();
        return new SkuStockView(sku, ledger, waiting, purchaseLines, demand, reorder);
    }
}
