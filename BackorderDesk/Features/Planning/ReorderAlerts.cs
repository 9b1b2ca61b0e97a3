using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Planning;

/// <summary>
/// A SKU whose inventory position (available + on order − backordered) is at or below its reorder
/// point, with the quantity DOMAIN.md suggests ordering now.
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
/// The reorder alerts, largest shortfall (reorder point − inventory position) first. The position
/// is read from the SKU's cached buckets, so every committed order, receipt and adjustment is in it.
/// d̄ for the suggestion is the ordered units of the demand window (the last
/// <see cref="WindowDays"/> calendar days including today) divided by its days.
/// </summary>
public sealed class ReorderAlerts(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    public const int WindowDays = 90;

    public async Task<IReadOnlyList<ReorderAlert>> HandleAsync(string? client, int? take, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skus = db.Skus.AsNoTracking()
            .Where(s => s.Policy != SellingPolicy.Discontinued)
            .Where(s => s.OnHand - s.Allocated + s.OnOrder - s.Backordered <= (s.ManualReorderPoint ?? s.ComputedReorderPoint));
        if (!string.IsNullOrWhiteSpace(client))
        {
            var code = client.Trim();
            var clientId = await db.Clients.Where(c => c.Code == code).Select(c => (int?)c.Id).FirstOrDefaultAsync(cancellationToken)
                ?? throw new NotFoundException($"There is no client '{code}'. Leave client out for all clients, or use a client code.");
            skus = skus.Where(s => s.ClientId == clientId);
        }

        var ordered = skus
            .OrderByDescending(s => (s.ManualReorderPoint ?? s.ComputedReorderPoint) - (s.OnHand - s.Allocated + s.OnOrder - s.Backordered))
            .ThenByDescending(s => s.Backordered)
            .ThenBy(s => s.Code);
        var limited = take is { } count ? ordered.Take(Math.Clamp(count, 1, 100_000)) : ordered;
        var rows = await limited
            .Select(s => new
            {
                s.Id,
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
                Supplier = s.Supplier == null ? null : s.Supplier.Code,
            })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return [];
        }

        var demand = await WindowDemandAsync(db, rows.Select(r => r.Id).ToList(), cancellationToken);
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
                ReorderMath.SuggestedQuantity(r.InventoryPosition, r.ReorderPoint, demand.GetValueOrDefault(r.Id) / (double)WindowDays, r.ReviewDays, r.Moq, r.CasePack),
                r.Supplier,
                r.OnOrder))
            .ToList();
    }

    private async Task<Dictionary<int, int>> WindowDemandAsync(WarehouseDbContext db, List<int> skuIds, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var since = today.AddDays(1 - WindowDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var demand = new Dictionary<int, int>();

        // Chunked so that the IN list stays well inside every provider's parameter limit.
        foreach (var chunk in skuIds.Chunk(500))
        {
            var sums = await db.OrderLines
                .Where(l => chunk.Contains(l.SkuId) && l.Order.PlacedAt >= since)
                .GroupBy(l => l.SkuId)
                .Select(g => new { SkuId = g.Key, Qty = g.Sum(l => l.OrderedQty) })
                .ToListAsync(cancellationToken);
            foreach (var sum in sums)
            {
                demand[sum.SkuId] = sum.Qty;
            }
        }

        return demand;
    }
}
