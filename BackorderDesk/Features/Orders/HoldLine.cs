using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Orders;

public sealed record HoldLineRequest(string? Reason);

/// <summary>
/// Puts a line on hold (payment problem, manual hold) or releases it. A held line is skipped by
/// allocation and keeps its place in the queue; releasing it runs allocation for its SKU at once.
/// </summary>
public sealed class HoldLine(WarehouseWriter writer, GetOrder getOrder)
{
    public async Task<OrderView> HoldAsync(string number, int lineNumber, HoldLineRequest? request, string actor, CancellationToken cancellationToken)
    {
        new InputCheck().Name("reason", request?.Reason).ThrowIfInvalid();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var line = order.Line(lineNumber);
                if (line.OpenQty == 0)
                {
                    throw new DomainException($"Line {lineNumber} of {number} has nothing open to hold.", "lineNumber");
                }

                if (line.OnHold)
                {
                    throw new DomainException($"Line {lineNumber} of {number} is already on hold ({line.HoldReason}).", "lineNumber");
                }

                var book = await scope.LoadBookAsync(line.Sku, ct);
                WarehouseOperations.Hold(book, line, request!.Reason!.Trim(), scope.Now, scope.Today, actor, scope.Changes, scope.HandlingDays);
                return true;
            },
            cancellationToken);
        return await getOrder.HandleAsync(number, cancellationToken);
    }

    public async Task<OrderView> ReleaseAsync(string number, int lineNumber, string actor, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var line = order.Line(lineNumber);
                if (!line.OnHold)
                {
                    throw new DomainException($"Line {lineNumber} of {number} is not on hold.", "lineNumber");
                }

                var book = await scope.LoadBookAsync(line.Sku, ct);
                WarehouseOperations.ReleaseHold(book, line, scope.Now, scope.Today, actor, scope.Changes, scope.HandlingDays);
                return true;
            },
            cancellationToken);
        return await getOrder.HandleAsync(number, cancellationToken);
    }
}
