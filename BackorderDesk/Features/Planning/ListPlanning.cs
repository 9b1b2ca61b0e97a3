using System.Linq.Expressions;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>
/// One SKU in the planning grid: the last planning run's inputs (d̄, σd, L, σL, ABC, service level),
/// the reorder point and safety stock that apply (manual ones marked), and the live buckets.
/// <see cref="SuggestedQty"/> uses the stored d̄ and the live inventory position.
/// </summary>
public sealed record PlanningRow(
    string Sku,
    string Name,
    string Client,
    string? Supplier,
    AbcClass? Abc,
    double DemandMean,
    double DemandStdDev,
    double LeadTimeMean,
    double LeadTimeStdDev,
    bool LeadTimeFromHistory,
    decimal? ServiceLevel,
    int SafetyStock,
    int ReorderPoint,
    bool IsManual,
    int InventoryPosition,
    int OnOrder,
    int Backordered,
    int SuggestedQty)
{
    public bool IsAlert => ReorderPlanning.IsAlert(InventoryPosition, ReorderPoint);
}

public sealed record PlanningList(IReadOnlyList<PlanningRow> Rows, int Total, int Alerts);

/// <summary>The planning grid: filters, sorts and pages in SQL over <c>Skus</c>; discontinued SKUs are left out.</summary>
public sealed class ListPlanning(IDbContextFactory<WarehouseDbContext> factory, UnplannedSkus? unplanned = null)
{
    public async Task<PlanningList> HandleAsync(PlanningQuery query, CancellationToken cancellationToken)
    {
        if (unplanned is not null)
        {
            await unplanned.ComputeAsync(cancellationToken);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skus = db.Skus.AsNoTracking().Where(s => s.Policy != SellingPolicy.Discontinued);
        if (query.Client is { } clientCode)
        {
            var clientId = await db.Clients.Where(c => c.Code == clientCode).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken);
            if (clientId is null)
            {
                return new PlanningList([], 0, 0);
            }

            skus = skus.Where(s => s.ClientId == clientId.Value);
        }

        skus = WhereSupplierAbcAndSearch(skus, query);
        var alerts = await skus.CountAsync(Sku.ReorderAlert, cancellationToken);
        if (query.AlertsOnly)
        {
            skus = skus.Where(Sku.ReorderAlert);
        }

        var total = query.AlertsOnly ? alerts : await skus.CountAsync(cancellationToken);
        if (total == 0)
        {
            return new PlanningList([], 0, alerts);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, PlanningQuery.MaxPageSize);
        var skip = (int)Math.Min((long)Math.Max(0, query.Page) * pageSize, int.MaxValue);
        var page = await Sorted(skus, query.Sort, query.Descending)
            .Skip(skip)
            .Take(pageSize)
            .Select(s => new
            {
                s.Code,
                s.Name,
                Client = s.Client.Code,
                s.Client.ReviewDays,
                Supplier = s.Supplier == null ? null : s.Supplier.Code,
                s.AbcClass,
                s.DemandMean,
                s.DemandStdDev,
                s.LeadTimeMean,
                s.LeadTimeStdDev,
                s.LeadTimeFromHistory,
                s.ServiceLevel,
                SafetyStock = s.ManualSafetyStock ?? s.ComputedSafetyStock,
                ReorderPoint = s.ManualReorderPoint ?? s.ComputedReorderPoint,
                IsManual = s.ManualReorderPoint != null || s.ManualSafetyStock != null,
                Position = s.OnHand - s.Allocated + s.OnOrder - s.Backordered,
                s.OnOrder,
                s.Backordered,
                s.Moq,
                s.CasePack,
            })
            .ToListAsync(cancellationToken);
        var rows = page.Select(s => new PlanningRow(
                s.Code, s.Name, s.Client, s.Supplier, s.AbcClass, s.DemandMean, s.DemandStdDev, s.LeadTimeMean, s.LeadTimeStdDev, s.LeadTimeFromHistory,
                s.ServiceLevel, s.SafetyStock, s.ReorderPoint, s.IsManual, s.Position, s.OnOrder, s.Backordered,
                ReorderMath.SuggestedQuantity(s.Position, s.ReorderPoint, s.DemandMean, s.ReviewDays, s.Moq, s.CasePack)))
            .ToList();
        return new PlanningList(rows, total, alerts);
    }

    public async Task<IReadOnlyList<string>> ClientsAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Clients.OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(cancellationToken);
    }

    private static IOrderedQueryable<Sku> Sorted(IQueryable<Sku> skus, PlanningSort sort, bool descending)
    {
        var ordered = sort switch
        {
            PlanningSort.Sku => By(skus, s => s.Code, descending),
            PlanningSort.Abc => By(skus, s => s.AbcClass, descending),
            PlanningSort.DemandMean => By(skus, s => s.DemandMean, descending),
            PlanningSort.DemandStdDev => By(skus, s => s.DemandStdDev, descending),
            PlanningSort.LeadTimeMean => By(skus, s => s.LeadTimeMean, descending),
            PlanningSort.LeadTimeStdDev => By(skus, s => s.LeadTimeStdDev, descending),
            PlanningSort.SafetyStock => By(skus, s => s.ManualSafetyStock ?? s.ComputedSafetyStock, descending),
            PlanningSort.ReorderPoint => By(skus, s => s.ManualReorderPoint ?? s.ComputedReorderPoint, descending),
            PlanningSort.InventoryPosition => By(skus, s => s.OnHand - s.Allocated + s.OnOrder - s.Backordered, descending),
            PlanningSort.OnOrder => By(skus, s => s.OnOrder, descending),
            PlanningSort.Backordered => By(skus, s => s.Backordered, descending),
            PlanningSort.Supplier => By(skus, s => s.Supplier == null ? null : s.Supplier.Code, descending),

            // Alerts first: the largest shortfall (ROP − IP) leads; SKUs above their reorder point follow.
            _ => By(skus, s => (s.ManualReorderPoint ?? s.ComputedReorderPoint) - (s.OnHand - s.Allocated + s.OnOrder - s.Backordered), !descending),
        };

        return sort == PlanningSort.Sku ? ordered : ordered.ThenBy(s => s.Code);
    }

    private static IOrderedQueryable<Sku> By<TKey>(IQueryable<Sku> skus, Expression<Func<Sku, TKey>> key, bool descending) =>
        descending ? skus.OrderByDescending(key) : skus.OrderBy(key);

    /// <summary>The Planning page's supplier, ABC class and search filters (the grid's and the reorder export's alike).</summary>
    public static IQueryable<Sku> WhereSupplierAbcAndSearch(IQueryable<Sku> skus, PlanningQuery query)
    {
        if (query.Supplier is { } supplierCode)
        {
            skus = skus.Where(s => s.Supplier != null && s.Supplier.Code == supplierCode);
        }

        if (query.Abc is { } abc)
        {
            skus = skus.Where(s => s.AbcClass == abc);
        }

        if (query.Search is { Length: > 0 } search)
        {
            var text = search.Trim().ToLowerInvariant();
            skus = skus.Where(s => s.Code.ToLower().Contains(text) || s.Name.ToLower().Contains(text));
        }

        return skus;
    }
}
