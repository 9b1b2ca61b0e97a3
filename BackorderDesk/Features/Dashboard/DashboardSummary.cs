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
/// Counts the Dashboard figures in SQL. The order figures come from the per-client counters
/// (<see cref="Data.ClientOrderCounters"/>, kept in the write transaction and checked by <c>verify</c>),
/// so the live tiles never group the order lines; the stock figures are spelled out from stored
/// columns so that SQLite and PostgreSQL both translate them.
/// </summary>
public sealed class DashboardSummary(IDbContextFactory<WarehouseDbContext> contexts, TimeProvider time)
{
    public Task<DashboardFigures> HandleAsync(CancellationToken cancellationToken) => HandleAsync(null, cancellationToken);

    /// <summary>The figures of one client (by code; the SKU's client for stock, the order's for orders), or of all when null.</summary>
    public async Task<DashboardFigures> HandleAsync(string? client, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetLocalNow().DateTime);

        var allSkus = db.Skus.AsNoTracking();
        var poLines = db.PurchaseOrderLines.AsNoTracking();
        if (client is not null)
        {
            allSkus = allSkus.Where(s => s.Client.Code == client);
            poLines = poLines.Where(p => p.Sku.Client.Code == client);
        }

        var skuCount = await allSkus.CountAsync(cancellationToken);
        var skusAtOrBelowReorderPoint = await allSkus
            .Where(s => s.OnHand - s.Allocated + s.OnOrder - s.Backordered <= (s.ManualReorderPoint ?? s.ComputedReorderPoint))
            .CountAsync(cancellationToken);

        // Kept current with every change to order lines (OrderCounters), so this reads a row per client
        // instead of grouping every order line.
        var counters = db.Counters.AsNoTracking();
        if (client is not null)
        {
            counters = counters.Where(c => db.Clients.Any(k => k.Id == c.ClientId && k.Code == client));
        }

        var orders = await counters
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Open = g.Sum(c => c.OpenOrders),
                Waiting = g.Sum(c => c.OpenOrdersWaiting),
                Lines = g.Sum(c => c.WaitingLines),
                Units = g.Sum(c => c.WaitingUnits),
            })
            .SingleOrDefaultAsync(cancellationToken);
        var openOrders = orders?.Open ?? 0;
        var openOrdersWaiting = orders?.Waiting ?? 0;
        var waitingLineCount = orders?.Lines ?? 0;
        var waitingUnits = orders?.Units ?? 0;

        var openPoLines = poLines
            .Where(p => p.Qty - p.ReceivedQty - p.CancelledQty > 0);
        var openPoLineCount = await openPoLines.CountAsync(cancellationToken);
        var latePoLineCount = await openPoLines.CountAsync(p => p.ExpectedDate < today, cancellationToken);

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
