using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Suppliers;

/// <summary>
/// Keeps a supplier's lateness percentiles (the far ends of every ETA range) in step with its
/// receipts, from the same delays the performance figures use (<see cref="ReceiptHistory"/>).
/// Called in the write transaction whenever a PO line gets its receipt date.
/// </summary>
public static class SupplierLateness
{
    /// <summary>The reason recorded in the ETA history of lines re-dated because the percentiles moved.</summary>
    public const string HistoryChangedReason = "Supplier lateness history changed";

    /// <summary>
    /// Recomputes the percentiles and, when the ETA range's ends moved, re-dates every waiting line of
    /// every SKU this supplier delivers (<see cref="RedateWaitingLinesAsync"/>).
    /// </summary>
    public static async Task RefreshAsync(WriteScope scope, int supplierId, CancellationToken ct)
    {
        await scope.Db.SaveChangesAsync(ct);
        var delays = await DelaysAsync(scope.Db, supplierId, ct);
        var supplier = await scope.Db.Suppliers.FirstAsync(s => s.Id == supplierId, ct);
        var before = (supplier.EtaRangeFromDays, supplier.EtaRangeToDays);
        supplier.SetLatenessFrom(delays, withDistribution: false);
        if ((supplier.EtaRangeFromDays, supplier.EtaRangeToDays) == before)
        {
            return; // Same range ends, same ranges: nothing to re-date.
        }

        await RedateWaitingLinesAsync(scope, supplierId, HistoryChangedReason, ct);
    }

    /// <summary>Every receipt delay of the supplier in days (<see cref="ReceiptHistory.DelayDays"/>; negative = early).</summary>
    public static async Task<List<int>> DelaysAsync(WarehouseDbContext db, int supplierId, CancellationToken ct)
    {
        var received = await db.PurchaseOrderLines
            .Where(p => p.PurchaseOrder.SupplierId == supplierId && p.ReceivedAt != null)
            .Select(p => new { p.ReceivedAt, p.OriginalExpectedDate })
            .ToListAsync(ct);
        return received.Select(r => ReceiptHistory.DelayDays(r.ReceivedAt!.Value, r.OriginalExpectedDate)).ToList();
    }

    /// <summary>
    /// Re-dates every waiting line of every SKU this supplier delivers, after its ETA range moved
    /// (rules.md R3.5: the lateness history is an input of every range it widens), so that lines on the
    /// same PO line with the same standing never show ranges from different histories. Set-wise: the
    /// SKUs with waiting units are loaded in one go (a few chunked queries), whatever their number; the
    /// SKUs this command already loaded are reused. The supplier's tracked row must already hold the new range.
    /// </summary>
    public static async Task RedateWaitingLinesAsync(WriteScope scope, int supplierId, string reason, CancellationToken ct)
    {
        var skus = await scope.Db.Skus
            .Include(s => s.Supplier)
            .Where(s => s.SupplierId == supplierId && s.Backordered > 0)
            .ToListAsync(ct);
        foreach (var book in await scope.LoadBooksAsync(skus, ct))
        {
            WarehouseOperations.RefreshEtas(book, reason, scope.Operation);
        }
    }
}
