using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

/// <summary>A quoted ETA range; <c>Confirmed</c> is false when no purchase order covers it.</summary>
public sealed record EtaRange(DateOnly? From, DateOnly? To, bool Confirmed);

public sealed record QueueEntry(
    int Position,
    string OrderNumber,
    int LineNumber,
    OrderPriority Priority,
    DateTime PlacedAt,
    int OpenQty,
    int AllocatedQty,
    int WaitingQty,
    ShipPolicy ShipPolicy,
    bool OnHold,
    EtaRange Eta);

/// <summary>
/// A SKU's backorder queue in allocation order (rules.md R2.2), sorted in SQL: priority (stored as
/// its int, Expedite first), placed-at, order number, line number. Positions are 1-based over the
/// lines still waiting; held lines keep their place.
/// </summary>
public sealed class SkuQueue(IDbContextFactory<WarehouseDbContext> factory)
{
    /// <summary>The release date of a preorder SKU (null for any other SKU or an unknown one): its queue waits for that day.</summary>
    public async Task<DateOnly?> PreorderReleaseAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Skus.AsNoTracking()
            .Where(s => s.Code == code && s.Policy == SellingPolicy.Preorder)
            .Select(s => s.ReleaseDate)
            .FirstOrDefaultAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<QueueEntry>> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var skuId = await db.Skus.Where(s => s.Code == code).Select(s => (int?)s.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"SKU {code} does not exist.");
        var rows = await db.OrderLines.AsNoTracking()
            .Where(l => l.SkuId == skuId && l.WaitingQty > 0)
            .OrderBy(l => l.Order.Priority)
            .ThenBy(l => l.Order.PlacedAt)
            .ThenBy(l => l.Order.Number)
            .ThenBy(l => l.LineNumber)
            .Select(l => new
            {
                l.Order.Number,
                l.LineNumber,
                l.Order.Priority,
                l.Order.PlacedAt,
                OpenQty = l.OpenQty,
                l.AllocatedQty,
                l.Order.ShipPolicy,
                l.OnHold,
                l.EtaFrom,
                l.EtaTo,
                l.EtaConfirmed,
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select((r, i) => new QueueEntry(
                i + 1,
                r.Number,
                r.LineNumber,
                r.Priority,
                r.PlacedAt,
                r.OpenQty,
                r.AllocatedQty,
                r.OpenQty - r.AllocatedQty,
                r.ShipPolicy,
                r.OnHold,
                new EtaRange(r.EtaFrom, r.EtaTo, r.EtaConfirmed)))
            .ToList();
    }
}
