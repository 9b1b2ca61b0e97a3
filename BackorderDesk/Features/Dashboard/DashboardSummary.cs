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
/// Counts the Dashboard figures in SQL. The computed domain properties (open, waiting, inventory
/// position, reorder point) are spelled out from stored columns so that SQLite and PostgreSQL both
/// translate them.
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
        var lines = db.OrderLines.AsNoTracking();
        var poLines = db.PurchaseOrderLines.AsNoTracking();
        if (client is not null)
        {
            allSkus = allSkus.Where(s => s.Client.Code == client);
            lines = lines.Where(l => l.Order.Client.Code == client);
            poLines = poLines.Where(p => p.Sku.Client.Code == client);
        }

        var skuCount = await allSkus.CountAsync(cancellationToken);
        var skusAtOrBelowReorderPoint = await allSkus
            .Where(s => s.OnHand - s.Allocated + s.OnOrder - s.Backordered <= (s.ManualReorderPoint ?? s.ComputedReorderPoint))
            .CountAsync(cancellationToken);

        var openLines = lines
            .Where(l => l.OrderedQty - l.ShippedQty - l.CancelledQty > 0);
        var waitingLines = openLines
            .Where(l => l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty > 0);

        var openOrders = await openLines.Select(l => l.OrderId).Distinct().CountAsync(cancellationToken);
        var openOrdersWaiting = await waitingLines.Select(l => l.OrderId).Distinct().CountAsync(cancellationToken);
        var waitingLineCount = await waitingLines.CountAsync(cancellationToken);
        var waitingUnits = await waitingLines
            .SumAsync(l => (long)(l.OrderedQty - l.ShippedQty - l.CancelledQty - l.AllocatedQty), cancellationToken);

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
