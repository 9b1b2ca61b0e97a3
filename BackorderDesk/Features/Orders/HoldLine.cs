using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Orders;

public sealed record HoldLineRequest(string? Reason);

/// <summary>
/// Puts a line on hold (payment problem, manual hold) or releases it. A held line is skipped by
/// allocation and keeps its place in the queue; releasing it runs allocation for its SKU at once.
/// </summary>
public sealed class HoldLine(WarehouseWriter writer, GetOrder getOrder)
{
    public async Task<OrderView> HoldAsync(string number, int lineNumber, HoldLineRequest? request, DeskActor actor, CancellationToken cancellationToken)
    {
        new InputCheck().Name("reason", request?.Reason).ThrowIfInvalid();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var line = order.Line(lineNumber);
                var book = await scope.LoadBookAsync(line.Sku, ct);
                var reason = request!.Reason!.Trim();
                WarehouseOperations.Hold(book, line, reason, actor.DisplayName, scope.Operation);
                AuditTrail.Add(scope, actor, AuditActions.LineHeld, AuditSubject.Order, number, lineNumber, "Not on hold", $"On hold: {reason}", $"Line {lineNumber} ({line.Sku.Code}) put on hold: {reason}.");
                return true;
            },
            cancellationToken);
        return await getOrder.HandleAsync(number, cancellationToken);
    }

    public async Task<OrderView> ReleaseAsync(string number, int lineNumber, DeskActor actor, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var line = order.Line(lineNumber);
                var book = await scope.LoadBookAsync(line.Sku, ct);
                var heldFor = line.HoldReason;
                WarehouseOperations.ReleaseHold(book, line, actor.DisplayName, scope.Operation);
                AuditTrail.Add(scope, actor, AuditActions.LineReleased, AuditSubject.Order, number, lineNumber, $"On hold: {heldFor}", "Not on hold", $"Line {lineNumber} ({line.Sku.Code}) released from hold.");
                return true;
            },
            cancellationToken);
        return await getOrder.HandleAsync(number, cancellationToken);
    }
}
