using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Orders;

/// <param name="Qty">Units to cancel; all open units when absent.</param>
public sealed record CancelLineRequest(int? Qty);

/// <summary>
/// Cancels open units of a line: waiting units first, then allocated ones, which go at once to the
/// next line in the SKU's queue (WarehouseOperations.CancelLine).
/// </summary>
public sealed class CancelLine(WarehouseWriter writer, GetOrder getOrder)
{
    public async Task<OrderView> HandleAsync(string number, int lineNumber, CancelLineRequest? request, DeskActor actor, CancellationToken cancellationToken)
    {
        if (request?.Qty is not null)
        {
            new InputCheck().Quantity("qty", request.Qty).ThrowIfInvalid();
        }

        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var line = order.Line(lineNumber);
                if (line.OpenQty == 0)
                {
                    throw new DomainException($"Line {lineNumber} of {number} has nothing open to cancel (shipped {line.ShippedQty}, cancelled {line.CancelledQty}).", "qty");
                }

                if (request?.Qty > line.OpenQty)
                {
                    throw new DomainException($"Line {lineNumber} of {number} has {line.OpenQty} open; {request.Qty} cannot be cancelled.", "qty");
                }

                var book = await scope.LoadBookAsync(line.Sku, ct);
                var openBefore = line.OpenQty;
                var cancelled = WarehouseOperations.CancelLine(book, line, request?.Qty, actor.DisplayName, scope.Operation);
                AuditTrail.Add(
                    scope,
                    actor,
                    AuditActions.LineCancelled,
                    AuditSubject.Order,
                    number,
                    lineNumber,
                    $"{openBefore} open",
                    $"{line.OpenQty} open",
                    $"Cancelled {cancelled} of {line.Sku.Code} on line {lineNumber}.");
                return cancelled;
            },
            cancellationToken);
        return await getOrder.HandleAsync(number, cancellationToken);
    }
}
