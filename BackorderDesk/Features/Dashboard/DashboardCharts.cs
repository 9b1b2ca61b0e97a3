using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Dashboard;

/// <summary>Waiting units (and lines) of one age bucket.</summary>
public sealed record AgeBucketUnits(AgeBucket Bucket, string Label, int Lines, long Units);

/// <summary>Waiting units of one client.</summary>
public sealed record ClientUnits(string Client, long Units);

/// <summary>
/// A SKU with units waiting: how many, since when the oldest waiting line waits (null when none went
/// on backorder, e.g. a line placed before stock was booked) and the next open purchase-order date,
/// <see cref="InboundLate"/> when that date has passed. <see cref="ReleaseDate"/> is set for a preorder
/// SKU not released yet that has stock on the shelf: its lines wait for the release, not for stock.
/// </summary>
public sealed record ShortSku(
    string Sku,
    string Name,
    string Client,
    int WaitingUnits,
    DateTime? OldestWaitSince,
    int OldestWaitDays,
    DateOnly? NextInbound,
    bool InboundLate = false,
    DateOnly? ReleaseDate = null)
{
    public bool AwaitsRelease => ReleaseDate is not null;
}

/// <summary>A receipt scan from the database, for the live feed's first rows.</summary>
public sealed record RecentReceipt(DateTime At, string ScanId, string Sku, int Qty);

/// <summary>
/// The data behind the Dashboard's charts and lists, each counted in SQL (GROUP BY) and optionally
/// for one client (by code; the caller checks that it exists). Age is whole days since
/// <c>BackorderedAt</c> by the injected clock, exactly as the Backorders page's age filter counts it,
/// so a bar and the filtered list agree.
/// </summary>
public sealed class DashboardCharts(IDbContextFactory<WarehouseDbContext> contexts, TimeProvider time)
{
    public const int DefaultTopShort = 10;

    /// <summary>All four buckets (0–7, 8–14, 15–30, over 30 days), empty ones included.</summary>
    public async Task<IReadOnlyList<AgeBucketUnits>> WaitingByAgeAsync(string? client, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;

        // Age d ≤ n exactly when BackorderedAt > now − (n + 1) days (see ListBackorders).
        var within7 = now.AddDays(-8);
        var within14 = now.AddDays(-15);
        var within30 = now.AddDays(-31);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await Waiting(db, client)
            .GroupBy(l => l.BackorderedAt == null || l.BackorderedAt > within7 ? 0
                : l.BackorderedAt > within14 ? 1
                : l.BackorderedAt > within30 ? 2
                : 3)
            .Select(g => new { Bucket = g.Key, Lines = g.Count(), Units = g.Sum(l => (long)(l.WaitingQty)) })
            .ToDictionaryAsync(r => r.Bucket, cancellationToken);

        return Enum.GetValues<AgeBucket>()
            .Select(bucket => rows.TryGetValue((int)bucket, out var r)
                ? new AgeBucketUnits(bucket, BackorderFilterUrl.AgeLabel(bucket), r.Lines, r.Units)
                : new AgeBucketUnits(bucket, BackorderFilterUrl.AgeLabel(bucket), 0, 0))
            .ToList();
    }

    /// <summary>
    /// Clients with waiting units, most first (the order's client), from the per-client order counters
    /// that every write keeps current (<see cref="OrderCounters"/>).
    /// </summary>
    public async Task<IReadOnlyList<ClientUnits>> WaitingByClientAsync(string? client, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Counters.AsNoTracking()
            .Where(c => c.WaitingUnits > 0)
            .Join(db.Clients.Where(k => client == null || k.Code == client), c => c.ClientId, k => k.Id, (c, k) => new { k.Code, c.WaitingUnits })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.WaitingUnits).ThenBy(r => r.Code, TextOrder.Instance).Select(r => new ClientUnits(r.Code, r.WaitingUnits)).ToList();
    }

    /// <summary>
    /// The SKUs with the most waiting units (the cached <c>Backordered</c> bucket, which <c>verify</c>
    /// checks against the lines), then the oldest wait and next inbound date of just those SKUs.
    /// </summary>
    /// <summary>
    /// The SKUs with the most units waiting for stock, most first, then (apart, at most as many) the
    /// preorder SKUs not released yet that wait with stock on the shelf: they are not short, their
    /// lines wait for the release date (rules.md R2.5).
    /// </summary>
    public async Task<IReadOnlyList<ShortSku>> TopShortSkusAsync(string? client, int take, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var today = DateOnly.FromDateTime(now);
        take = Math.Clamp(take, 1, 100);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skus = db.Skus.AsNoTracking().Where(s => s.Backordered > 0);
        if (client is not null)
        {
            skus = skus.Where(s => s.Client.Code == client);
        }

        var awaitingRelease = skus.Where(s => s.Policy == SellingPolicy.Preorder && s.ReleaseDate > today && s.OnHand - s.Allocated > 0);
        var shortOfStock = skus.Where(s => !(s.Policy == SellingPolicy.Preorder && s.ReleaseDate > today && s.OnHand - s.Allocated > 0));
        var top = await shortOfStock
            .OrderByDescending(s => s.Backordered).ThenBy(s => s.Code)
            .Take(take)
            .Select(s => new { s.Id, s.Code, s.Name, Client = s.Client.Code, s.Backordered, ReleaseDate = (DateOnly?)null })
            .ToListAsync(cancellationToken);
        var preorders = await awaitingRelease
            .OrderBy(s => s.ReleaseDate).ThenByDescending(s => s.Backordered).ThenBy(s => s.Code)
            .Take(take)
            .Select(s => new { s.Id, s.Code, s.Name, Client = s.Client.Code, s.Backordered, s.ReleaseDate })
            .ToListAsync(cancellationToken);
        var all = top.Concat(preorders).ToList();
        var ids = all.Select(s => s.Id).ToList();

        var oldest = await db.OrderLines.AsNoTracking()
            .Where(l => ids.Contains(l.SkuId) && l.BackorderedAt != null && l.WaitingQty > 0)
            .GroupBy(l => l.SkuId)
            .Select(g => new { SkuId = g.Key, Since = g.Min(l => l.BackorderedAt) })
            .ToDictionaryAsync(r => r.SkuId, r => r.Since, cancellationToken);
        var inbound = await db.PurchaseOrderLines.AsNoTracking()
            .Where(p => ids.Contains(p.SkuId) && p.OpenQty > 0)
            .GroupBy(p => p.SkuId)
            .Select(g => new { SkuId = g.Key, Next = g.Min(p => p.ExpectedDate) })
            .ToDictionaryAsync(r => r.SkuId, r => r.Next, cancellationToken);

        return all.Select(s =>
            {
                var since = oldest.GetValueOrDefault(s.Id);
                DateOnly? next = inbound.TryGetValue(s.Id, out var date) ? date : null;
                return new ShortSku(s.Code, s.Name, s.Client, s.Backordered, since, ListBackorders.AgeDays(since, now), next, next < today, s.ReleaseDate);
            })
            .ToList();
    }

    /// <summary>The latest receipt scans, newest first.</summary>
    public async Task<IReadOnlyList<RecentReceipt>> RecentReceiptsAsync(string? client, int take, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var skus = db.Skus.AsNoTracking();
        if (client is not null)
        {
            skus = skus.Where(s => s.Client.Code == client);
        }

        return await db.ReceiptScans.AsNoTracking()
            .Join(skus, r => r.SkuId, s => s.Id, (r, s) => new { r.Id, r.At, r.ScanId, Sku = s.Code, r.Qty })
            .OrderByDescending(r => r.Id)
            .Take(Math.Clamp(take, 1, 200))
            .Select(r => new RecentReceipt(r.At, r.ScanId, r.Sku, r.Qty))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Every client code, for the client selector.</summary>
    public async Task<IReadOnlyList<string>> ClientCodesAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Clients.AsNoTracking().OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(cancellationToken);
    }

    /// <summary>Which of these SKU codes belong to the client (the live feed's filter).</summary>
    public async Task<IReadOnlySet<string>> SkusOfClientAsync(IReadOnlyCollection<string> skuCodes, string client, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var codes = skuCodes.Distinct(StringComparer.Ordinal).ToList();
        var mine = await db.Skus.AsNoTracking()
            .Where(s => codes.Contains(s.Code) && s.Client.Code == client)
            .Select(s => s.Code)
            .ToListAsync(cancellationToken);
        return mine.ToHashSet(StringComparer.Ordinal);
    }

    private static IQueryable<Domain.SalesOrderLine> Waiting(WarehouseDbContext db, string? client)
    {
        var lines = db.OrderLines.AsNoTracking().Where(l => l.WaitingQty > 0);
        return client is null ? lines : lines.Where(l => l.Order.Client.Code == client);
    }
}
