using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>
/// Cancels the units still to come on a PO line (the supplier will not send them): they leave the
/// SKU's on-order quantity, and the waiting lines they covered get new ETAs from the remaining
/// inbound, or an unconfirmed one from the lead time (WarehouseOperations.CancelPurchaseLine).
/// </summary>
public sealed class CancelPurchaseOrderLine(WarehouseWriter writer, PurchaseOrderDetails details)
{
    public async Task<PurchaseOrderView> HandleAsync(string number, string skuCode, DeskActor actor, CancellationToken cancellationToken)
    {
        number = number.Trim();
        skuCode = skuCode.Trim();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var db = scope.Db;
                var line = await db.PurchaseOrderLines
                    .Include(l => l.PurchaseOrder)
                    .Include(l => l.Sku)
                    .FirstOrDefaultAsync(l => l.PurchaseOrder.Number == number && l.Sku.Code == skuCode, ct);
                if (line is null)
                {
                    throw new NotFoundException(await db.PurchaseOrders.AnyAsync(p => p.Number == number, ct)
                        ? $"Purchase order {number} has no line for SKU {skuCode}."
                        : $"Purchase order {number} does not exist.");
                }

                if (line.OpenQty == 0)
                {
                    throw new DomainException($"{number} line {skuCode} has nothing left to receive (received {line.ReceivedQty}, cancelled {line.CancelledQty}).", "sku");
                }

                // The book's open PO lines are the same tracked instances as this line.
                var book = await scope.LoadBookAsync(line.Sku, ct);
                var openBefore = line.OpenQty;
                var cancelled = WarehouseOperations.CancelPurchaseLine(book, line, scope.Operation);
                var summary = $"{number} line {skuCode}: {openBefore} units still to come cancelled.";
                AuditTrail.Add(scope, actor, AuditActions.PurchaseLineCancelled, AuditSubject.PurchaseOrder, number, null, $"{skuCode}: {openBefore} to come", $"{skuCode}: {line.OpenQty} to come", summary);
                AuditTrail.Add(scope, actor, AuditActions.PurchaseLineCancelled, AuditSubject.Sku, skuCode, null, $"{openBefore} to come on {number}", $"{line.OpenQty} to come on {number}", summary);
                if (line.ReceivedAt is not null)
                {
                    // A partly received line is closed short: its receipt date counts in the supplier's lateness.
                    await SupplierLateness.RefreshAsync(scope, line.PurchaseOrder.SupplierId, ct);
                }

                return cancelled;
            },
            cancellationToken);
        return (await details.GetAsync(number, cancellationToken))!;
    }
}
