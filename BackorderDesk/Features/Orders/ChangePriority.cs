using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Orders;

public sealed record ChangePriorityRequest(string? Priority);

/// <summary>
/// Moves an order to another priority class (a manager expedites it). The order's waiting lines
/// take their new place in their SKUs' queues at once, so those queues' ETAs are refreshed.
/// Allocations already made stand: units promised to another customer are not taken back because
/// someone else became more urgent; the new priority decides who gets the next units. (With
/// available stock and an allocatable line waiting at the same time being impossible, rules.md R2.6,
/// there is nothing to allocate now either.)
/// </summary>
public sealed class ChangePriority(WarehouseWriter writer, GetOrder getOrder)
{
    public async Task<OrderView> HandleAsync(string number, ChangePriorityRequest? request, DeskActor actor, CancellationToken cancellationToken)
    {
        new InputCheck().Choice<OrderPriority>("priority", request?.Priority, required: true, out var priority).ThrowIfInvalid();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                if (order.IsOpen && order.Priority == priority!.Value)
                {
                    return false;
                }

                var previous = order.Priority;
                order.ChangePriority(priority!.Value, scope.Now, actor.DisplayName);
                AuditTrail.Add(scope, actor, AuditActions.PriorityChanged, AuditSubject.Order, number, null, previous.ToString(), priority.Value.ToString(), $"Priority of {number} changed from {previous} to {priority.Value}.");
                foreach (var sku in order.Lines.Where(l => l.OpenQty > 0).Select(l => l.Sku).Distinct())
                {
                    var book = await scope.LoadBookAsync(sku, ct);
                    WarehouseOperations.RefreshEtas(book, $"{number} moved to {priority}", scope.Operation);
                }

                return true;
            },
            cancellationToken);
        return await getOrder.HandleAsync(number, cancellationToken);
    }
}
