using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.PurchaseOrders;

public sealed record ExpectedDateChangeView(DateTime At, DateOnly From, DateOnly To, string Reason);

public sealed record PurchaseOrderLineView(
    string Sku,
    int Qty,
    int ReceivedQty,
    int CancelledQty,
    int OpenQty,
    DateOnly ExpectedDate,
    DateOnly OriginalExpectedDate,
    DateTime? ReceivedAt,
    IReadOnlyList<ExpectedDateChangeView> DateChanges,
    string SkuName = "",
    decimal UnitCost = 0m);

public sealed record PurchaseOrderView(string Number, string Supplier, DateTime OrderedAt, IReadOnlyList<PurchaseOrderLineView> Lines, string SupplierName = "");

public sealed class PurchaseOrderDetails(IDbContextFactory<WarehouseDbContext> factory)
{
    public async Task<PurchaseOrderView?> GetAsync(string number, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.PurchaseOrders.AsNoTracking()
            .Where(p => p.Number == number)
            .Select(p => new PurchaseOrderView(
                p.Number,
                p.Supplier.Code,
                p.OrderedAt,
                p.Lines.OrderBy(l => l.Id).Select(l => new PurchaseOrderLineView(
                    l.Sku.Code,
                    l.Qty,
                    l.ReceivedQty,
                    l.CancelledQty,
                    l.OpenQty,
                    l.ExpectedDate,
                    l.OriginalExpectedDate,
                    l.ReceivedAt,
                    l.DateChanges.OrderBy(c => c.Id).Select(c => new ExpectedDateChangeView(c.At, c.From, c.To, c.Reason)).ToList(),
                    l.Sku.Name,
                    l.Sku.UnitCost))
                .ToList(),
                p.Supplier.Name))
            .FirstOrDefaultAsync(cancellationToken);
    }
}
