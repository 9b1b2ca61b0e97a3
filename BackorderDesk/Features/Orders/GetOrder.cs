using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Orders;

public sealed record CustomerView(string Code, string Name, string? Email, CustomerType Type);

public sealed record EtaView(DateOnly? From, DateOnly? To, bool Confirmed);

public sealed record EtaHistoryEntry(DateTime At, DateOnly? From, DateOnly? To, bool Confirmed, DateOnly? PreviousFrom, DateOnly? PreviousTo, string Reason);

/// <summary>Why this line got these units: the cause, the rule that put it first, who it went ahead of.</summary>
public sealed record AllocationView(DateTime At, int Qty, int LiveQty, AllocationCause Cause, string CauseReference, bool CrossDock, int QueuePosition, string Rule, string AheadOf);

/// <param name="QueuePosition">1-based among the SKU's lines still waiting (held lines keep theirs); null when the line waits for nothing.</param>
/// <param name="Eta">The current ETA range of the waiting units; null when the line waits for nothing.</param>
/// <param name="HeldForCompletion">Allocated units a ShipComplete order holds until its other units arrive.</param>
public sealed record OrderLineView(
    int LineNumber,
    string Sku,
    string SkuName,
    int OrderedQty,
    int AllocatedQty,
    int ShippedQty,
    int CancelledQty,
    int OpenQty,
    int WaitingQty,
    LineStatus Status,
    int? QueuePosition,
    EtaView? Eta,
    DateOnly? FirstEtaFrom,
    DateOnly? FirstEtaTo,
    bool OnHold,
    string? HoldReason,
    int HeldForCompletion,
    bool RollingBackorder,
    DateTime? BackorderedAt,
    IReadOnlyList<EtaHistoryEntry> EtaHistory,
    IReadOnlyList<AllocationView> Allocations);

/// <param name="Delivery">For a message to the customer (<c>Notification</c>): whether it was delivered yet.</param>
public sealed record TimelineEntry(DateTime At, TimelineKind Kind, string Text, string Actor, int? LineNumber, DeliveryState? Delivery = null);

public sealed record OrderView(
    string Number,
    CustomerView Customer,
    string Client,
    string Channel,
    OrderStatus Status,
    ShipPolicy ShipPolicy,
    OrderPriority Priority,
    DateTime PlacedAt,
    DateOnly? PromisedDate,
    DateTime? PaymentAuthorizedAt,
    DateTime? PaymentAuthorizationExpiresAt,
    bool PaymentAuthorizationExpiresBeforeEta,
    DateTime? ShippedAt,
    IReadOnlyList<OrderLineView> Lines,
    IReadOnlyList<TimelineEntry> Timeline);

/// <summary>
/// "Where is my order?": the order with each line's state, queue position, ETA and its history,
/// the allocations with their reasons, and the timeline. Read-only, straight from the database.
/// </summary>
public sealed class GetOrder(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    /// <exception cref="NotFoundException">No order has this number.</exception>
    public async Task<OrderView> HandleAsync(string number, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var order = await db.Orders.AsNoTracking()
            .Where(o => o.Number == number)
            .Select(o => new
            {
                o.Id,
                o.Number,
                Customer = new CustomerView(o.Customer.Code, o.Customer.Name, o.Customer.Email, o.Customer.Type),
                Client = o.Client.Code,
                o.Channel,
                o.ShipPolicy,
                o.Priority,
                o.PlacedAt,
                o.PromisedDate,
                o.PaymentAuthorizedAt,
                o.PaymentAuthorizationExpiresAt,
                o.ShippedAt,
            })
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw new NotFoundException($"Order {number} does not exist. Check the number, or search with GET /api/orders?query=.");

        // Queue position in SQL: the waiting lines of the same SKU ahead in queue order (priority,
        // placed-at, order number, line number), plus one. Held lines wait too and keep their place.
        var lines = await db.OrderLines.AsNoTracking()
            .Where(l => l.OrderId == order.Id)
            .OrderBy(l => l.LineNumber)
            .Select(l => new
            {
                l.Id,
                l.LineNumber,
                Sku = l.Sku.Code,
                SkuName = l.Sku.Name,
                l.Sku.Policy,
                l.Sku.ReleaseDate,
                l.OrderedQty,
                l.AllocatedQty,
                l.ShippedQty,
                l.CancelledQty,
                l.OpenQty,
                l.WaitingQty,
                l.OnHold,
                l.HoldReason,
                l.EtaFrom,
                l.EtaTo,
                l.EtaConfirmed,
                l.FirstEtaFrom,
                l.FirstEtaTo,
                l.EtaSlips,
                l.BackorderedAt,
                Ahead = l.WaitingQty > 0
                    ? db.OrderLines.Count(w =>
                        w.SkuId == l.SkuId
                        && w.WaitingQty > 0
                        && (w.Order.Priority < l.Order.Priority
                            || (w.Order.Priority == l.Order.Priority
                                && (w.Order.PlacedAt < l.Order.PlacedAt
                                    || (w.Order.PlacedAt == l.Order.PlacedAt
                                        && (string.Compare(w.Order.Number, l.Order.Number) < 0
                                            || (w.Order.Number == l.Order.Number && w.LineNumber < l.LineNumber)))))))
                    : (int?)null,
            })
            .ToListAsync(cancellationToken);

        var lineIds = lines.Select(l => l.Id).ToList();
        var history = (await db.EtaChanges.AsNoTracking()
                .Where(e => lineIds.Contains(e.OrderLineId))
                .OrderBy(e => e.Id)
                .Select(e => new { e.OrderLineId, Entry = new EtaHistoryEntry(e.At, e.From, e.To, e.Confirmed, e.PreviousFrom, e.PreviousTo, e.Reason) })
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.OrderLineId, e => e.Entry);
        var allocations = (await db.Allocations.AsNoTracking()
                .Where(a => lineIds.Contains(a.OrderLineId))
                .OrderBy(a => a.Id)
                .Select(a => new { a.OrderLineId, View = new AllocationView(a.At, a.Qty, a.LiveQty, a.Cause, a.CauseReference, a.CrossDock, a.QueuePosition, a.Rule, a.AheadOf) })
                .ToListAsync(cancellationToken))
            .ToLookup(a => a.OrderLineId, a => a.View);
        var timeline = await db.Timeline.AsNoTracking()
            .Where(t => t.OrderId == order.Id)
            .OrderBy(t => t.At).ThenBy(t => t.Id)
            .Select(t => new TimelineEntry(t.At, t.Kind, t.Text, t.Actor, t.LineNumber))
            .ToListAsync(cancellationToken);

        // Every message written to the customer, with where its delivery stands.
        var messages = await db.Outbox.AsNoTracking()
            .Where(m => m.OrderId == order.Id)
            .OrderBy(m => m.Id)
            .Select(m => new { m.CreatedAt, m.Kind, m.To, m.Subject, m.State, m.Attempts, m.LastError })
            .ToListAsync(cancellationToken);
        if (messages.Count > 0)
        {
            timeline = timeline
                .Concat(messages.Select(m => new TimelineEntry(
                    m.CreatedAt,
                    TimelineKind.Notification,
                    $"{m.Kind} message to {m.To}: “{m.Subject}”" + (m.LastError is { } error && m.State != DeliveryState.Sent ? $" (attempt {m.Attempts} failed: {error})" : ""),
                    "system",
                    null,
                    m.State)))
                .OrderBy(t => t.At)
                .ToList();
        }

        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var waitingInOrder = lines.Any(l => l.WaitingQty > 0);
        var lineViews = lines.Select(l =>
        {
            var open = l.OpenQty;
            var waiting = l.WaitingQty;
            var unreleased = l.Policy == SellingPolicy.Preorder && !(l.ReleaseDate is { } release && today >= release);
            return new OrderLineView(
                l.LineNumber,
                l.Sku,
                l.SkuName,
                l.OrderedQty,
                l.AllocatedQty,
                l.ShippedQty,
                l.CancelledQty,
                open,
                waiting,
                OrderStatusRules.LineStatusOf(open, waiting, l.ShippedQty, l.OnHold, unreleased),
                l.Ahead + 1,
                waiting > 0 ? new EtaView(l.EtaFrom, l.EtaTo, l.EtaConfirmed) : null,
                l.FirstEtaFrom,
                l.FirstEtaTo,
                l.OnHold,
                l.HoldReason,
                order.ShipPolicy == ShipPolicy.ShipComplete && waitingInOrder ? l.AllocatedQty : 0,
                l.EtaSlips >= 2,
                l.BackorderedAt,
                history[l.Id].ToList(),
                allocations[l.Id].ToList());
        }).ToList();

        var expiresBeforeEta = order.PaymentAuthorizationExpiresAt is { } expires
            && lineViews.Any(l => l.Eta?.To is { } to && to > DateOnly.FromDateTime(expires));
        return new OrderView(
            order.Number,
            order.Customer,
            order.Client,
            order.Channel,
            OrderStatusRules.OrderStatusOf(lineViews.Sum(l => l.OpenQty), lineViews.Sum(l => l.WaitingQty), lineViews.Sum(l => l.AllocatedQty), lineViews.Sum(l => l.ShippedQty), lineViews.Any(l => l.OnHold && l.OpenQty > 0)),
            order.ShipPolicy,
            order.Priority,
            order.PlacedAt,
            order.PromisedDate,
            order.PaymentAuthorizedAt,
            order.PaymentAuthorizationExpiresAt,
            expiresBeforeEta,
            order.ShippedAt,
            lineViews,
            timeline);
    }
}
