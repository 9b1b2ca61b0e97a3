using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>The supplier's new date for a PO line; <c>Reason</c> is optional ("supplier delay" by default).</summary>
public sealed record ExpectedDateRequest(DateOnly? ExpectedDate, string? Reason);

/// <summary>
/// Moves a PO line's expected date: the change is recorded on the line and every waiting line of
/// the SKU gets its ETA recomputed (each change lands in that line's ETA history with the reason).
/// </summary>
public sealed class MoveExpectedDate(WarehouseWriter writer, PurchaseOrderDetails details, TimeProvider time)
{
    public async Task<PurchaseOrderView> HandleAsync(string number, string skuCode, ExpectedDateRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        new InputCheck()
            .Code("number", number)
            .Code("sku", skuCode)
            .Date("expectedDate", request.ExpectedDate, ExpectedDates.Earliest(today), ExpectedDates.Latest(today))
            .Name("reason", request.Reason, required: false)
            .ThrowIfInvalid();

        var reason = string.IsNullOrWhiteSpace(request.Reason) ? "supplier delay" : request.Reason.Trim();
        await writer.WriteAsync((scope, ct) => MoveAsync(scope, number.Trim(), skuCode.Trim(), request.ExpectedDate!.Value, reason, actor, ct), cancellationToken);
        return (await details.GetAsync(number.Trim(), cancellationToken))!;
    }

    private static async Task<bool> MoveAsync(WriteScope scope, string number, string skuCode, DateOnly date, string reason, DeskActor actor, CancellationToken ct)
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

        // The book's open PO lines are the same tracked instances, so it sees the new date.
        var book = await scope.LoadBookAsync(line.Sku, ct);
        var previous = line.ExpectedDate;
        if (line.ChangeExpectedDate(date, scope.Now, reason) is null)
        {
            return false;
        }

        WarehouseOperations.RefreshEtas(book, $"{number} expected date moved from {Iso(previous)} to {Iso(date)}", scope.Operation);
        scope.Changes.TouchedSkus.Add(line.Sku);
        AuditTrail.Add(scope, actor, AuditActions.ExpectedDateMoved, AuditSubject.PurchaseOrder, number, null, Iso(previous), Iso(date), $"{number} line {skuCode}: expected date moved from {Iso(previous)} to {Iso(date)} ({reason}).");
        AuditTrail.Add(scope, actor, AuditActions.ExpectedDateMoved, AuditSubject.Sku, skuCode, null, Iso(previous), Iso(date), $"{number}: expected date moved from {Iso(previous)} to {Iso(date)} ({reason}).");

        // Delay notices (and "sooner" notices) for the lines whose ETA moved are written by the
        // writer from scope.Changes.EtaChanges, in this same transaction (OutboxNotices).
        return true;
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
