using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Orders;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.CustomerService;

/// <summary>
/// Agent actions that change no stock: a goodwill gesture (a discount code or a note) and resending
/// the latest message to the customer. Both land on the order's timeline with the agent's name.
/// </summary>
public sealed class AgentNotes(WarehouseWriter writer)
{
    public async Task GoodwillAsync(string number, string? discountCode, string? note, DeskActor actor, CancellationToken cancellationToken)
    {
        new InputCheck()
            .Code("discountCode", discountCode, required: false)
            .Name("note", note, required: false)
            .That(!string.IsNullOrWhiteSpace(discountCode) || !string.IsNullOrWhiteSpace(note), "note", "Give a discount code or a note.")
            .ThrowIfInvalid();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var parts = new[] { string.IsNullOrWhiteSpace(discountCode) ? null : $"discount code {discountCode.Trim()}", note?.Trim() }
                    .Where(p => !string.IsNullOrEmpty(p));
                var gesture = string.Join(" — ", parts);
                order.Record(TimelineKind.AgentAction, scope.Now, $"Goodwill gesture: {gesture}", actor.DisplayName);
                AuditTrail.Add(scope, actor, AuditActions.GoodwillGiven, AuditSubject.Order, number, null, null, gesture, $"Goodwill gesture on {number}: {gesture}");
                return true;
            },
            cancellationToken);
    }

    /// <summary>Queues the order's latest message again, to the customer's current address.</summary>
    public async Task ResendLatestAsync(string number, DeskActor actor, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync(number, ct);
                var latest = await scope.Db.Outbox.AsNoTracking()
                    .Where(m => m.OrderId == order.Id)
                    .OrderByDescending(m => m.Id)
                    .FirstOrDefaultAsync(ct)
                    ?? throw new DomainException($"Nothing has been sent about order {number} yet; there is no update to resend.", "number");
                var messages = new List<OutboxMessage>();
                if (!CustomerNotices.Add(messages, order, latest.Kind, (latest.Subject, latest.Body), scope.Now))
                {
                    throw new DomainException($"The customer of order {number} has no email address.", "number");
                }

                scope.Db.Outbox.AddRange(messages);
                var text = $"Resent the latest update ({latest.Kind}: “{latest.Subject}”) to {order.Customer.Email}.";
                order.Record(TimelineKind.AgentAction, scope.Now, text, actor.DisplayName);
                AuditTrail.Add(scope, actor, AuditActions.UpdateResent, AuditSubject.Order, number, null, null, $"{latest.Kind}: {latest.Subject}", text);
                return true;
            },
            cancellationToken);
    }
}
