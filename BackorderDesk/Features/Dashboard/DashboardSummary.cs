using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Dashboard;

/// <summary>The warehouse at a glance, as the Dashboard shows it.</summary>
/// <param name="BackorderRatePercent">
/// Open orders with waiting units ÷ open orders × 100; null when no order is open (a rate of
/// nothing is not 0 %).
/// </param>
public sealed record DashboardFigures(
    int SkuCount,
    int OpenOrders,
    int OpenOrdersWaiting,
    decimal? BackorderRatePercent,
    int WaitingLines,
    long WaitingUnits,
    int SkusAtOrBelowReorderPoint,
    int OpenPurchaseOrderLines,
    int LatePurchaseOrderLines)
{
    /// <summary>Nothing to show: no SKU, no open order, no open purchase-order line.</summary>
    public bool IsEmpty => SkuCount == 0 && OpenOrders == 0 && OpenPurchaseOrderLines == 0;
}

/// <summary>
/// Reads the Dashboard figures from the per-client counters (<see cref="Data.ClientOrderCounters"/>,
/// <see cref="Data.InboundCounters"/>), kept in the write transaction and checked by <c>verify</c>
/// against a full recompute: the live tiles never scan order lines, SKUs or purchase-order lines.
/// </summary>
public sealed class DashboardSummary(IDbContextFactory<WarehouseDbContext> contexts, TimeProvider time)
{
    public Task<DashboardFigures> HandleAsync(CancellationToken cancellationToken) => HandleAsync(null, cancellationToken);

    /// <summary>The figures of one client (by code; the SKU's client for stock, the order's for orders), or of all when null.</summary>
    public async Task<DashboardFigures> HandleAsync(string? client, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);

        // Every figure comes from counters kept current in the write transaction (OrderCounters) and
        // checked by verify, so the tiles read a row per client instead of scanning lines and SKUs.
        var counters = db.Counters.AsNoTracking();
        var inbound = db.InboundCounters.AsNoTracking();
        if (client is not null)
        {
            counters = counters.Where(c => db.Clients.Any(k => k.Id == c.ClientId && k.Code == client));
            inbound = inbound.Where(c => db.Clients.Any(k => k.Id == c.ClientId && k.Code == client));
        }

        var sums = await counters
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Open = g.Sum(c => c.OpenOrders),
                Waiting = g.Sum(c => c.OpenOrdersWaiting),
                Lines = g.Sum(c => c.WaitingLines),
                Units = g.Sum(c => c.WaitingUnits),
                Skus = g.Sum(c => c.Skus),
                Below = g.Sum(c => c.SkusAtOrBelowReorderPoint),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var inboundSums = await inbound
            .GroupBy(_ => 1)
            .Select(g => new { Open = g.Sum(c => c.OpenLines), Late = g.Sum(c => c.ExpectedDate < today ? c.OpenLines : 0) })
            .SingleOrDefaultAsync(cancellationToken);
        var skuCount = sums?.Skus ?? 0;
        var skusAtOrBelowReorderPoint = sums?.Below ?? 0;
        var openOrders = sums?.Open ?? 0;
        var openOrdersWaiting = sums?.Waiting ?? 0;
        var waitingLineCount = sums?.Lines ?? 0;
        var waitingUnits = sums?.Units ?? 0;
        var openPoLineCount = inboundSums?.Open ?? 0;
        var latePoLineCount = inboundSums?.Late ?? 0;

        return new DashboardFigures(
            skuCount,
            openOrders,
            openOrdersWaiting,
            openOrders == 0 ? null : 100m * openOrdersWaiting / openOrders,
            waitingLineCount,
            waitingUnits,
            skusAtOrBelowReorderPoint,
            openPoLineCount,
            latePoLineCount);
    }
}
