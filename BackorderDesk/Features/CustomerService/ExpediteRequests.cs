using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Orders;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.CustomerService;

public sealed record PendingExpedite(long Id, string OrderNumber, string Customer, string Reason, string RequestedBy, DateTime RequestedAt);

/// <summary>
/// An agent asks for an order to be expedited; a manager approves (the order moves to the Expedite
/// class and its waiting lines take their new place, as ChangePriority does) or declines. Both
/// steps are on the order's timeline with who did them.
/// </summary>
public sealed class ExpediteRequests(WarehouseWriter writer, IDbContextFactory<WarehouseDbContext> factory)
{
    public async Task RequestAsync(string number, string? reason, DeskActor actor, CancellationToken cancellationToken)
    {
        new InputCheck().Name("reason", reason).ThrowIfInvalid();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                if (!order.Lines.Any(l => l.WaitingQty > 0))
                {
                    throw new DomainException($"Order {number} has nothing waiting; there is nothing to expedite.", "reason");
                }

                if (order.Priority == OrderPriority.Expedite)
                {
                    throw new DomainException($"Order {number} is already expedited.", "reason");
                }

                if (await scope.Db.ExpediteRequests.AnyAsync(r => r.OrderId == order.Id && r.State == ExpediteRequestState.Pending, ct))
                {
                    throw new DomainException($"Order {number} already has an expedite request waiting for a manager.", "reason");
                }

                var why = reason!.Trim();
                scope.Db.ExpediteRequests.Add(new ExpediteRequest(order, why, actor.DisplayName, scope.Now));
                order.Record(TimelineKind.AgentAction, scope.Now, $"Asked a manager to expedite: {why}", actor.DisplayName);
                AuditTrail.Add(scope, actor, AuditActions.ExpediteRequested, AuditSubject.Order, number, null, order.Priority.ToString(), "Expedite requested", $"Asked a manager to expedite {number}: {why}");
                return true;
            },
            cancellationToken);
    }

    public async Task DecideAsync(long requestId, bool approve, DeskActor actor, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var request = await scope.Db.ExpediteRequests.Include(r => r.Order).FirstOrDefaultAsync(r => r.Id == requestId, ct)
                    ?? throw new NotFoundException($"Expedite request {requestId} does not exist.");
                if (request.State == ExpediteRequestState.Pending && await IsOwnRequestAsync(scope.Db, request, actor, ct))
                {
                    throw new DomainException($"You asked for order {request.Order.Number} to be expedited; another manager must approve or decline your own request.", "request");
                }

                request.Decide(approve, actor.DisplayName, scope.Now);
                var order = await scope.LoadOrderAsync(request.Order.Number, ct);
                var priorityBefore = order.Priority;
                order.Record(TimelineKind.AgentAction, scope.Now, approve ? "Expedite request approved." : "Expedite request declined.", actor.DisplayName);
                AuditTrail.Add(
                    scope,
                    actor,
                    approve ? AuditActions.ExpediteApproved : AuditActions.ExpediteDeclined,
                    AuditSubject.Order,
                    order.Number,
                    null,
                    priorityBefore.ToString(),
                    approve && order.IsOpen ? nameof(OrderPriority.Expedite) : priorityBefore.ToString(),
                    approve
                        ? $"Approved {request.RequestedBy}'s request to expedite {order.Number} (“{request.Reason}”)."
                        : $"Declined {request.RequestedBy}'s request to expedite {order.Number} (“{request.Reason}”).");
                if (approve && order.IsOpen)
                {
                    order.ChangePriority(OrderPriority.Expedite, scope.Now, actor.DisplayName);
                    foreach (var sku in order.Lines.Where(l => l.OpenQty > 0).Select(l => l.Sku).Distinct())
                    {
                        var book = await scope.LoadBookAsync(sku, ct);
                        WarehouseOperations.RefreshEtas(book, $"{order.Number} expedited", scope.Operation);
                    }
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Whether the approver asked for it: the audit entry written with the request names the asker's sign-in name. A request older than
    /// the audit trail only has the display name it was asked under, which is compared as it is.
    /// </summary>
    private static async Task<bool> IsOwnRequestAsync(WarehouseDbContext db, ExpediteRequest request, DeskActor actor, CancellationToken ct)
    {
        var requester = await db.AuditTrail.AsNoTracking()
            .Where(a => a.Action == AuditActions.ExpediteRequested && a.Subject == AuditSubject.Order && a.SubjectKey == request.Order.Number && a.At == request.RequestedAt)
            .OrderByDescending(a => a.Id)
            .Select(a => a.UserName)
            .FirstOrDefaultAsync(ct);
        return requester is not null
            ? requester == actor.UserName
            : request.RequestedBy == actor.DisplayName || request.RequestedBy == actor.UserName;
    }

    public async Task<IReadOnlyList<PendingExpedite>> PendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.ExpediteRequests.AsNoTracking()
            .Where(r => r.State == ExpediteRequestState.Pending)
            .OrderBy(r => r.RequestedAt).ThenBy(r => r.Id)
            .Take(50)
            .Select(r => new PendingExpedite(r.Id, r.Order.Number, r.Order.Customer.Name, r.Reason, r.RequestedBy, r.RequestedAt))
            .ToListAsync(cancellationToken);
    }
}
