using System.Globalization;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Verify;

/// <summary>
/// Recomputes every SKU's cached buckets from the rows they summarise and checks the invariants of
/// rules.md R2.9 (and a few more that follow from the model). The sums are GROUP BY queries and the
/// per-row checks are filters, so the database does the scanning and only drifts come back; this
/// keeps it usable on the large demo profile. LINQ only (no raw SQL), so any provider can run it.
/// </summary>
public sealed class WarehouseVerifier(IDbContextFactory<WarehouseDbContext> dbFactory, TimeProvider time)
{
    public async Task<VerifyReport> VerifyAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        var report = new VerifyReport();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));

        await CheckSkuBucketsAsync(db, report, cancellationToken);
        await CheckOrderLinesAsync(db, report, cancellationToken);
        await CheckAllocationsAsync(db, report, cancellationToken);
        await CheckShipmentsAsync(db, report, cancellationToken);
        await CheckPurchaseOrdersAsync(db, report, cancellationToken);
        await CheckReceiptScansAsync(db, report, cancellationToken);
        await CheckIdleStockAsync(db, report, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), cancellationToken);
        await CheckOrderCountersAsync(db, report, cancellationToken);

        report.Complete(time.GetElapsedTime(started));
        return report;
    }

    /// <summary>On hand, allocated, backordered and on order against the ledger, allocations, lines and PO lines.</summary>
    private static async Task CheckSkuBucketsAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var ledger = await db.Ledger.GroupBy(m => m.SkuId)
            .Select(g => new { SkuId = g.Key, Qty = g.Sum(m => m.Qty), Shipped = g.Sum(m => m.Kind == MovementKind.Shipment ? -m.Qty : 0) })
            .ToDictionaryAsync(x => x.SkuId, ct);
        var live = await db.Allocations.GroupBy(a => a.SkuId)
            .Select(g => new { SkuId = g.Key, Qty = g.Sum(a => a.LiveQty) })
            .ToDictionaryAsync(x => x.SkuId, x => x.Qty, ct);
        var lines = await db.OrderLines.GroupBy(l => l.SkuId)
            .Select(g => new
            {
                SkuId = g.Key,
                Allocated = g.Sum(l => l.AllocatedQty),
                Waiting = g.Sum(l => l.WaitingQty),
                Shipped = g.Sum(l => l.ShippedQty),
            })
            .ToDictionaryAsync(x => x.SkuId, ct);
        var inbound = await db.PurchaseOrderLines.GroupBy(p => p.SkuId)
            .Select(g => new { SkuId = g.Key, Qty = g.Sum(p => p.OpenQty) })
            .ToDictionaryAsync(x => x.SkuId, x => x.Qty, ct);

        var count = 0L;
        var skus = db.Skus.OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Code, s.OnHand, s.Allocated, s.Backordered, s.OnOrder })
            .AsAsyncEnumerable();
        await foreach (var sku in skus.WithCancellation(ct))
        {
            count++;
            var onHand = ledger.TryGetValue(sku.Id, out var l) ? l.Qty : 0;
            var shippedLedger = l?.Shipped ?? 0;
            var allocated = live.GetValueOrDefault(sku.Id);
            var (lineAllocated, waiting, shipped) = lines.TryGetValue(sku.Id, out var s) ? (s.Allocated, s.Waiting, s.Shipped) : (0, 0, 0);
            var onOrder = inbound.GetValueOrDefault(sku.Id);

            Compare(report, "on hand", sku.Code, "on hand cached", sku.OnHand, "ledger", onHand);
            Compare(report, "allocated", sku.Code, "allocated cached", sku.Allocated, "live allocations", allocated);
            Compare(report, "allocated", sku.Code, "live allocations", allocated, "lines' allocated", lineAllocated);
            Compare(report, "backordered", sku.Code, "backordered cached", sku.Backordered, "recomputed", waiting);
            Compare(report, "on order", sku.Code, "on order cached", sku.OnOrder, "open PO quantity", onOrder);
            Compare(report, "shipped", sku.Code, "shipped on lines", shipped, "shipment ledger rows", shippedLedger);
            if (onHand < 0)
            {
                report.Add("on hand", sku.Code, $"on hand is negative ({onHand})");
            }

            if (allocated > onHand)
            {
                report.Add("allocated", sku.Code, $"allocated {allocated} exceeds on hand {onHand}");
            }
        }

        report.Counted("SKUs", count);
    }

    /// <summary>Per line: no negative quantity, nothing over-committed, allocated = Σ its live allocations.</summary>
    private static async Task CheckOrderLinesAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var invalid = db.OrderLines
            .Where(l => l.OrderedQty < 1 || l.AllocatedQty < 0 || l.ShippedQty < 0 || l.CancelledQty < 0
                || l.AllocatedQty + l.ShippedQty + l.CancelledQty > l.OrderedQty)
            .Select(l => new { l.Sku.Code, l.Order.Number, l.LineNumber, l.OrderedQty, l.AllocatedQty, l.ShippedQty, l.CancelledQty })
            .AsAsyncEnumerable();
        await foreach (var l in invalid.WithCancellation(ct))
        {
            report.Add("line quantities", l.Code,
                $"line {l.Number}/{l.LineNumber} ordered {l.OrderedQty}, allocated {l.AllocatedQty}, shipped {l.ShippedQty}, cancelled {l.CancelledQty}");
        }

        var unbacked = db.OrderLines
            .Select(l => new { l.Sku.Code, l.Order.Number, l.LineNumber, l.AllocatedQty, Live = l.Allocations.Sum(a => a.LiveQty) })
            .Where(l => l.AllocatedQty != l.Live)
            .AsAsyncEnumerable();
        await foreach (var l in unbacked.WithCancellation(ct))
        {
            report.Add("line allocations", l.Code, $"line {l.Number}/{l.LineNumber} allocated {l.AllocatedQty}, its live allocations {l.Live}");
        }

        report.Counted("order lines", await db.OrderLines.LongCountAsync(ct));
    }

    /// <summary>Each allocation: 0 ≤ live ≤ allocated, and of the same SKU as its line.</summary>
    private static async Task CheckAllocationsAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var invalid = db.Allocations
            .Where(a => a.LiveQty < 0 || a.LiveQty > a.Qty || a.Qty < 1 || a.SkuId != a.Line.SkuId)
            .Select(a => new { a.Id, a.Line.Sku.Code, a.Line.Order.Number, a.Line.LineNumber, a.Qty, a.LiveQty, a.SkuId, LineSkuId = a.Line.SkuId })
            .AsAsyncEnumerable();
        await foreach (var a in invalid.WithCancellation(ct))
        {
            var detail = a.SkuId != a.LineSkuId
                ? $"allocation {a.Id} on line {a.Number}/{a.LineNumber} is for SKU id {a.SkuId}, the line for {a.LineSkuId}"
                : $"allocation {a.Id} on line {a.Number}/{a.LineNumber} allocated {a.Qty}, live {a.LiveQty}";
            report.Add("allocation", a.Code, detail);
        }

        report.Counted("allocations", await db.Allocations.LongCountAsync(ct));
    }

    /// <summary>Shipped quantity per line = −Σ the shipment ledger rows that name the line.</summary>
    private static async Task CheckShipmentsAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var ledger = await db.Ledger
            .Where(m => m.Kind == MovementKind.Shipment && m.OrderLineId != null)
            .GroupBy(m => m.OrderLineId!.Value)
            .Select(g => new { LineId = g.Key, Qty = -g.Sum(m => m.Qty) })
            .ToDictionaryAsync(x => x.LineId, x => x.Qty, ct);
        var shippedLines = db.OrderLines
            .Where(l => l.ShippedQty != 0)
            .Select(l => new { l.Id, l.Sku.Code, l.Order.Number, l.LineNumber, l.ShippedQty })
            .AsAsyncEnumerable();
        await foreach (var l in shippedLines.WithCancellation(ct))
        {
            ledger.Remove(l.Id, out var booked);
            if (booked != l.ShippedQty)
            {
                report.Add("line shipments", l.Code, $"line {l.Number}/{l.LineNumber} shipped {l.ShippedQty}, its shipment ledger rows {booked}");
            }
        }

        // Ledger rows naming a line that shipped nothing (or a line that does not exist).
        var strays = ledger.Where(x => x.Value != 0).Select(x => x.Key).Take(VerifyReport.KeptDrifts).ToList();
        var known = await db.OrderLines.Where(l => strays.Contains(l.Id))
            .Select(l => new { l.Id, l.Sku.Code, l.Order.Number, l.LineNumber })
            .ToDictionaryAsync(l => l.Id, ct);
        foreach (var id in strays)
        {
            var detail = known.TryGetValue(id, out var l)
                ? $"line {l.Number}/{l.LineNumber} shipped 0, its shipment ledger rows {ledger[id]}"
                : $"shipment ledger rows of {ledger[id]} name order line {id}, which does not exist";
            report.Add("line shipments", l?.Code ?? $"order line {id}", detail);
        }

        report.Counted("ledger rows", await db.Ledger.LongCountAsync(ct));
    }

    private static async Task CheckPurchaseOrdersAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var invalid = db.PurchaseOrderLines
            .Where(p => p.Qty < 1 || p.ReceivedQty < 0 || p.CancelledQty < 0 || p.ReceivedQty + p.CancelledQty > p.Qty)
            .Select(p => new { p.Sku.Code, p.PurchaseOrder.Number, p.Qty, p.ReceivedQty, p.CancelledQty })
            .AsAsyncEnumerable();
        await foreach (var p in invalid.WithCancellation(ct))
        {
            report.Add("PO line", p.Code, $"{p.Number} ordered {p.Qty}, received {p.ReceivedQty}, cancelled {p.CancelledQty}");
        }

        report.Counted("PO lines", await db.PurchaseOrderLines.LongCountAsync(ct));
    }

    /// <summary>Rule 9: a scan is applied exactly once — one receipt ledger row per scan id, one scan per receipt row's id.</summary>
    private static async Task CheckReceiptScansAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var receiptRows = await db.Ledger
            .Where(m => m.Kind == MovementKind.Receipt && m.ScanId != null)
            .GroupBy(m => m.ScanId!)
            .Select(g => new { ScanId = g.Key, Rows = g.Count(), SkuId = g.Min(m => m.SkuId) })
            .ToDictionaryAsync(x => x.ScanId, StringComparer.Ordinal, ct);
        var codes = new Dictionary<int, string>();
        var count = 0L;
        var scans = db.ReceiptScans.Select(r => new { r.ScanId, r.SkuId }).AsAsyncEnumerable();
        await foreach (var scan in scans.WithCancellation(ct))
        {
            count++;
            var rows = receiptRows.Remove(scan.ScanId, out var found) ? found.Rows : 0;
            if (rows != 1)
            {
                report.Add("receipt scan", await CodeAsync(scan.SkuId), $"scan {scan.ScanId} is on {rows} receipt ledger row(s), not exactly one");
            }
        }

        foreach (var row in receiptRows.Values.Where(r => r.Rows > 1))
        {
            report.Add("receipt scan", await CodeAsync(row.SkuId), $"scan {row.ScanId} was applied {row.Rows} times");
        }

        report.Counted("receipt scans", count);

        async Task<string> CodeAsync(int skuId)
        {
            if (!codes.TryGetValue(skuId, out var code))
            {
                code = await db.Skus.Where(s => s.Id == skuId).Select(s => s.Code).FirstOrDefaultAsync(ct) ?? $"SKU id {skuId}";
                codes[skuId] = code;
            }

            return code;
        }
    }

    /// <summary>Rule 6: a SKU with units available has no waiting line that could take them.</summary>
    private static async Task CheckIdleStockAsync(WarehouseDbContext db, VerifyReport report, DateOnly today, CancellationToken ct)
    {
        var idle = db.Skus
            .Where(s => s.OnHand - s.Allocated > 0)
            .Where(s => s.Policy != SellingPolicy.Preorder || (s.ReleaseDate != null && s.ReleaseDate <= today))
            .Select(s => new
            {
                s.Code,
                Available = s.OnHand - s.Allocated,
                Waiting = db.OrderLines.Count(l => l.SkuId == s.Id && !l.OnHold && l.WaitingQty > 0),
            })
            .Where(s => s.Waiting > 0)
            .AsAsyncEnumerable();
        await foreach (var s in idle.WithCancellation(ct))
        {
            report.Add("idle stock", s.Code, $"{s.Available} available while {s.Waiting} allocatable line(s) wait");
        }
    }

    /// <summary>The Dashboard's live counters (per client) against a full recompute over the order lines.</summary>
    private static async Task CheckOrderCountersAsync(WarehouseDbContext db, VerifyReport report, CancellationToken ct)
    {
        var recomputed = await OrderCounters.RecomputeAsync(db, ct);
        var stored = await db.Counters.ToDictionaryAsync(
            c => c.ClientId,
            c => new OrderFigures(c.OpenOrders, c.OpenOrdersWaiting, c.WaitingLines, c.WaitingUnits),
            ct);
        var codes = await db.Clients.ToDictionaryAsync(c => c.Id, c => c.Code, ct);
        foreach (var clientId in stored.Keys.Union(recomputed.Keys).Order())
        {
            var kept = stored.GetValueOrDefault(clientId);
            var actual = recomputed.GetValueOrDefault(clientId);
            if (kept != actual)
            {
                report.Add(
                    "counters",
                    codes.GetValueOrDefault(clientId, $"client {clientId}"),
                    string.Create(CultureInfo.InvariantCulture, $"counters open orders {kept.OpenOrders}, waiting orders {kept.OpenOrdersWaiting}, waiting lines {kept.WaitingLines}, waiting units {kept.WaitingUnits}; recomputed {actual.OpenOrders}, {actual.OpenOrdersWaiting}, {actual.WaitingLines}, {actual.WaitingUnits}"));
            }
        }

        var stock = await OrderCounters.RecomputeStockAsync(db, ct);
        var storedStock = await db.Counters.ToDictionaryAsync(c => c.ClientId, c => new StockFigures(c.Skus, c.SkusAtOrBelowReorderPoint), ct);
        foreach (var clientId in storedStock.Keys.Union(stock.Keys).Order())
        {
            var kept = storedStock.GetValueOrDefault(clientId);
            var actual = stock.GetValueOrDefault(clientId);
            if (kept != actual)
            {
                report.Add(
                    "counters",
                    codes.GetValueOrDefault(clientId, $"client {clientId}"),
                    string.Create(CultureInfo.InvariantCulture, $"counters SKUs {kept.Skus}, at or below reorder point {kept.AtOrBelowReorderPoint}; recomputed {actual.Skus}, {actual.AtOrBelowReorderPoint}"));
            }
        }

        var inbound = await OrderCounters.RecomputeInboundAsync(db, ct);
        var storedInbound = await db.InboundCounters.Where(c => c.OpenLines != 0).ToDictionaryAsync(c => (c.ClientId, c.ExpectedDate), c => c.OpenLines, ct);
        foreach (var key in storedInbound.Keys.Union(inbound.Keys).OrderBy(k => k.ClientId).ThenBy(k => k.Item2))
        {
            var kept = storedInbound.GetValueOrDefault(key);
            var actual = inbound.GetValueOrDefault(key);
            if (kept != actual)
            {
                report.Add(
                    "counters",
                    codes.GetValueOrDefault(key.ClientId, $"client {key.ClientId}"),
                    string.Create(CultureInfo.InvariantCulture, $"counters open purchase-order lines expected {key.Item2:yyyy-MM-dd} {kept}, recomputed {actual}"));
            }
        }

        report.Counted("client counters", stored.Count);
    }

    private static void Compare(VerifyReport report, string check, string code, string cachedName, int cached, string recomputedName, int recomputed)
    {
        if (cached != recomputed)
        {
            report.Add(check, code, $"{cachedName} {cached}, {recomputedName} {recomputed}");
        }
    }
}
