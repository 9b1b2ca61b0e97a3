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
    public static async Task RefreshAsync(WriteScope scope, int supplierId, CancellationToken ct)
    {
        await scope.Db.SaveChangesAsync(ct);
        var received = await scope.Db.PurchaseOrderLines
            .Where(p => p.PurchaseOrder.SupplierId == supplierId && p.ReceivedAt != null)
            .Select(p => new { p.ReceivedAt, p.OriginalExpectedDate })
            .ToListAsync(ct);
        var supplier = await scope.Db.Suppliers.FirstAsync(s => s.Id == supplierId, ct);
        supplier.SetLatenessFrom(received.Select(r => ReceiptHistory.DelayDays(r.ReceivedAt!.Value, r.OriginalExpectedDate)).ToList());
    }
}
