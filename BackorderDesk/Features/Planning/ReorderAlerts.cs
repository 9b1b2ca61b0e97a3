using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>
/// A SKU whose inventory position (available + on order − backordered) is at or below its reorder
/// point, with the quantity rules.md R4.6 suggests ordering now.
/// </summary>
public sealed record ReorderAlert(
    string Sku,
    string Name,
    string Client,
    int InventoryPosition,
    int ReorderPoint,
    int SafetyStock,
    bool ReorderPointIsManual,
    int Backordered,
    int SuggestedQty,
    string? Supplier,
    int OnOrder = 0);

/// <summary>
/// The reorder alerts (<see cref="Sku.ReorderAlert"/>: not discontinued, inventory position at or below
/// the reorder point), largest shortfall (reorder point − inventory position) first. The position is
/// read from the SKU's cached buckets, so every committed order, receipt and adjustment is in it; the
/// reorder point, safety stock and d̄ of the suggestion are the stored ones every reader shows
/// (<see cref="PlanningNumbers"/>).
/// </summary>
public sealed class ReorderAlerts(IDbContextFactory<WarehouseDbContext> factory, UnplannedSkus? unplanned = null)
{
    public const int WindowDays = ReorderPlanning.WindowDays;

    public Task<IReadOnlyList<ReorderAlert>> HandleAsync(string? client, int? take, CancellationToken cancellationToken) =>
        HandleAsync(new PlanningQuery { Client = client }, take, cancellationToken);

    /// <summary>The alerts among the SKUs the Planning page's filters select (client, supplier, ABC class, search; its page and sort aside).</summary>
    public async Task<IReadOnlyList<ReorderAlert>> HandleAsync(PlanningQuery filters, int? take, CancellationToken cancellationToken)
    {
        var client = filters.Client;
        if (unplanned is not null)
        {
            await unplanned.ComputeAsync(cancellationToken);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skus = db.Skus.AsNoTracking().Where(Sku.ReorderAlert);
        if (!string.IsNullOrWhiteSpace(client))
        {
            var code = client.Trim();
            var clientId = await db.Clients.Where(c => c.Code == code).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"There is no client '{code}'. Leave client out for all clients, or use a client code.");
            skus = skus.Where(s => s.ClientId == clientId);
        }

        skus = ListPlanning.WhereSupplierAbcAndSearch(skus, filters);

        var ordered = skus
            .OrderByDescending(s => (s.ManualReorderPoint ?? s.ComputedReorderPoint) - (s.OnHand - s.Allocated + s.OnOrder - s.Backordered))
            .ThenByDescending(s => s.Backordered)
            .ThenBy(s => s.Code);
        var limited = take is { } count ? ordered.Take(Math.Clamp(count, 1, 100_000)) : ordered;
        var rows = await limited
            .Select(s => new
            {
                s.Code,
                s.Name,
                Client = s.Client.Code,
                s.Client.ReviewDays,
                InventoryPosition = s.OnHand - s.Allocated + s.OnOrder - s.Backordered,
                ReorderPoint = s.ManualReorderPoint ?? s.ComputedReorderPoint,
                SafetyStock = s.ManualSafetyStock ?? s.ComputedSafetyStock,
                IsManual = s.ManualReorderPoint != null || s.ManualSafetyStock != null,
                s.Backordered,
                s.OnOrder,
                s.Moq,
                s.CasePack,
                s.DemandMean,
                Supplier = s.Supplier == null ? null : s.Supplier.Code,
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new ReorderAlert(
                r.Code,
                r.Name,
                r.Client,
                r.InventoryPosition,
                r.ReorderPoint,
                r.SafetyStock,
                r.IsManual,
                r.Backordered,
                ReorderMath.SuggestedQuantity(r.InventoryPosition, r.ReorderPoint, r.DemandMean, r.ReviewDays, r.Moq, r.CasePack),
                r.Supplier,
                r.OnOrder))
            .ToList();
    }
}
