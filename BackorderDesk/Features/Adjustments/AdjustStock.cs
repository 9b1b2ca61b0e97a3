using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Adjustments;

/// <summary>Either a signed <c>QtyDelta</c> (found, damaged, …) or a <c>CountedQty</c> from a stock count, never both.</summary>
public sealed record AdjustmentRequest(string? Sku, int? QtyDelta, int? CountedQty, string? Reason);

/// <summary>
/// Corrects on hand. Up runs allocation for the queue; down below what is allocated takes units
/// back from the lines last in queue order (rules.md R2.7); below zero is refused.
/// </summary>
public sealed class AdjustStock(WarehouseWriter writer, SkuDetails details)
{
    public async Task<SkuView> HandleAsync(AdjustmentRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        var check = new InputCheck()
            .Code("sku", request.Sku)
            .Name("reason", request.Reason)
            .That(request.QtyDelta is null != request.CountedQty is null, "qtyDelta", "Send exactly one of qtyDelta (a change) or countedQty (what a count found).");
        if (request.QtyDelta is { } delta)
        {
            check.That(delta != 0 && Math.Abs((long)delta) <= InputCheck.MaxQty, "qtyDelta", "qtyDelta must be a non-zero whole number from -1,000,000 to 1,000,000.");
        }

        if (request.CountedQty is not null)
        {
            check.Quantity("countedQty", request.CountedQty, min: 0);
        }

        check.ThrowIfInvalid();
        var code = request.Sku!.Trim();
        await writer.WriteAsync((scope, ct) => ApplyAsync(scope, code, request, actor, ct), cancellationToken);
        return (await details.GetAsync(code, cancellationToken))!;
    }

    private static async Task<bool> ApplyAsync(WriteScope scope, string code, AdjustmentRequest request, DeskActor actor, CancellationToken ct)
    {
        var sku = await scope.Db.Skus.FirstOrDefaultAsync(s => s.Code == code, ct)
            ?? throw new DomainException($"SKU {code} does not exist. Create it first (POST /api/skus).", "sku");
        var book = await scope.LoadBookAsync(sku, ct);
        var reason = request.Reason!.Trim();
        var onHandBefore = sku.OnHand;
        if (request.QtyDelta is { } delta)
        {
            WarehouseOperations.Adjust(book, delta, reason, scope.Operation);
            AuditTrail.Add(scope, actor, AuditActions.StockAdjusted, AuditSubject.Sku, sku.Code, null, $"{onHandBefore} on hand", $"{sku.OnHand} on hand", $"Adjusted {sku.Code} by {delta:+#;-#}: {reason}.");
        }
        else
        {
            WarehouseOperations.Count(book, request.CountedQty!.Value, reason, scope.Operation);
            AuditTrail.Add(scope, actor, AuditActions.StockCounted, AuditSubject.Sku, sku.Code, null, $"{onHandBefore} on hand", $"{sku.OnHand} on hand", $"Counted {sku.OnHand} of {sku.Code} (was {onHandBefore}): {reason}.");
        }

        return true;
    }
}
