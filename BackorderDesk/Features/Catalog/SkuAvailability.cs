using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Catalog;

/// <summary>
/// What a channel shows for a SKU. <c>Eta</c> is what a new order placed now would be quoted (the
/// end of the queue); it is null when no order can get a date: discontinued, out of stock and not
/// sold on backorder, or no supplier and no lead time.
/// </summary>
public sealed record AvailabilityView(string Sku, AvailabilityStatus Status, int Available, EtaRange? Eta, string Badge);

public sealed class SkuAvailability(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options)
{
    public async Task<AvailabilityView> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sku = await db.Skus.AsNoTracking().Include(s => s.Supplier).FirstOrDefaultAsync(s => s.Code == code, cancellationToken)
            ?? throw new NotFoundException($"SKU {code} does not exist.");
        var waitingAhead = await db.OrderLines
            .Where(l => l.SkuId == sku.Id && l.WaitingQty > 0)
            .SumAsync(l => l.WaitingQty, cancellationToken);
        var inbound = await db.PurchaseOrderLines.AsNoTracking()
            .Include(p => p.PurchaseOrder)
            .Where(p => p.SkuId == sku.Id && p.OpenQty > 0)
            .ToListAsync(cancellationToken);

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var status = ShopAvailability.StatusOf(sku, today);
        var eta = status is AvailabilityStatus.Discontinued or AvailabilityStatus.OutOfStock
            ? Eta.Unknown
            : EtaCalculator.ForNewDemand(sku, waitingAhead, inbound, today, 1, options.CurrentValue.HandlingWorkingDays);
        return new AvailabilityView(
            sku.Code,
            status,
            Math.Max(0, sku.Available),
            eta.From is null ? null : new EtaRange(eta.From, eta.To, eta.Confirmed),
            ShopAvailability.Badge(status, eta, sku.ReleaseDate));
    }
}
