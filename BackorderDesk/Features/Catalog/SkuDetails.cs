using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

/// <summary>
/// A SKU's stock buckets and planning figures (API.md <c>GET /api/skus/{sku}</c>).
/// <c>HeldForCompletion</c>: units allocated to ShipComplete orders that still wait for units on
/// some line; they sit idle until the order completes (rules.md R2.4).
/// </summary>
public sealed record SkuView(
    string Sku,
    string Name,
    string Client,
    SellingPolicy Policy,
    DateOnly? ReleaseDate,
    int OnHand,
    int Allocated,
    int Available,
    int OnOrder,
    int Backordered,
    int HeldForCompletion,
    int ReorderPoint,
    int SafetyStock,
    bool ReorderPointIsManual,
    int InventoryPosition,
    bool BelowReorderPoint,
    string? Supplier,
    int? LeadTimeDays,
    int Moq,
    int CasePack,
    decimal UnitCost,
    IReadOnlyList<string> Barcodes);

public sealed class SkuDetails(IDbContextFactory<WarehouseDbContext> factory)
{
    /// <summary>
    /// Lines whose allocated units are held for completion: they belong to a ShipComplete order that
    /// still waits for units on some line. Sum <c>AllocatedQty</c> per SKU; the stock grid does so for a page.
    /// </summary>
    public static IQueryable<SalesOrderLine> HeldForCompletionLines(WarehouseDbContext db) =>
        db.OrderLines.Where(l => l.AllocatedQty > 0
            && l.Order.ShipPolicy == ShipPolicy.ShipComplete
            && l.Order.Lines.Any(o => o.WaitingQty > 0));

    public async Task<SkuView?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var s = await db.Skus.AsNoTracking()
            .Where(s => s.Code == code)
            .Select(s => new
            {
                s.Id,
                s.Code,
                s.Name,
                Client = s.Client.Code,
                s.Policy,
                s.ReleaseDate,
                s.OnHand,
                s.Allocated,
                s.OnOrder,
                s.Backordered,
                s.ManualReorderPoint,
                s.ManualSafetyStock,
                s.ComputedReorderPoint,
                s.ComputedSafetyStock,
                Supplier = s.Supplier == null ? null : s.Supplier.Code,
                s.LeadTimeDays,
                s.Moq,
                s.CasePack,
                s.UnitCost,
                Barcodes = s.Barcodes.OrderBy(b => b.Code).Select(b => b.Code).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (s is null)
        {
            return null;
        }

        var held = await HeldForCompletionLines(db)
            .Where(l => l.SkuId == s.Id)
            .SumAsync(l => l.AllocatedQty, cancellationToken);

        // The same arithmetic as Sku's computed properties, which EF does not map.
        var available = s.OnHand - s.Allocated;
        var reorderPoint = s.ManualReorderPoint ?? s.ComputedReorderPoint;
        var position = available + s.OnOrder - s.Backordered;
        return new SkuView(
            s.Code,
            s.Name,
            s.Client,
            s.Policy,
            s.ReleaseDate,
            s.OnHand,
            s.Allocated,
            available,
            s.OnOrder,
            s.Backordered,
            held,
            reorderPoint,
            s.ManualSafetyStock ?? s.ComputedSafetyStock,
            s.ManualReorderPoint is not null || s.ManualSafetyStock is not null,
            position,
            position <= reorderPoint,
            s.Supplier,
            s.LeadTimeDays,
            s.Moq,
            s.CasePack,
            s.UnitCost,
            s.Barcodes);
    }
}
