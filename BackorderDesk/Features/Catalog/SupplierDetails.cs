using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

/// <summary>
/// A supplier and how it delivers. Rates are percentages; every figure over receipts is null until
/// a purchase-order line has been received.
/// </summary>
public sealed record SupplierView(
    string Code,
    string Name,
    int LeadTimeDays,
    string? Email,
    int ReceivedLines,
    decimal? OnTimeRate,
    int? LatenessP50Days,
    int? LatenessP90Days,
    decimal? MeanLatenessDays);

public sealed class SupplierDetails(IDbContextFactory<WarehouseDbContext> factory)
{
    public async Task<SupplierView?> GetAsync(string code, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var supplier = await db.Suppliers.AsNoTracking()
            .Where(s => s.Code == code)
            .Select(s => new { s.Id, s.Code, s.Name, s.LeadTimeDays, s.Email })
            .FirstOrDefaultAsync(cancellationToken);
        if (supplier is null)
        {
            return null;
        }

        // A received line is one whose last unit arrived (ReceivedAt). "By the expected date" means
        // by the ORIGINAL expected date, the supplier's first promise: a supplier who moves a date
        // later and then meets it still kept a customer's ETA waiting, and lateness (the P50/P90
        // that widen every ETA) is measured against the same date.
        var receipts = await db.PurchaseOrderLines.AsNoTracking()
            .Where(p => p.PurchaseOrder.SupplierId == supplier.Id && p.ReceivedAt != null)
            .Select(p => new { ReceivedAt = p.ReceivedAt!.Value, p.OriginalExpectedDate })
            .ToListAsync(cancellationToken);
        var delays = receipts.Select(r => ReceiptHistory.DelayDays(r.ReceivedAt, r.OriginalExpectedDate)).ToList();
        if (delays.Count == 0)
        {
            return new SupplierView(supplier.Code, supplier.Name, supplier.LeadTimeDays, supplier.Email, 0, null, null, null, null);
        }

        var onTime = delays.Count(ReceiptHistory.OnTime);
        var (p50, p90) = Supplier.Lateness(delays);

        // Lateness counts early receipts as zero days late, as the percentiles do (Supplier.SetLatenessFrom).
        var meanLateness = (decimal)delays.Sum(ReceiptHistory.LatenessDays) / delays.Count;
        return new SupplierView(
            supplier.Code,
            supplier.Name,
            supplier.LeadTimeDays,
            supplier.Email,
            delays.Count,
            Math.Round(onTime * 100m / delays.Count, 1, MidpointRounding.AwayFromZero),
            p50,
            p90,
            Math.Round(meanLateness, 1, MidpointRounding.AwayFromZero));
    }
}
