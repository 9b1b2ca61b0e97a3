using System.Globalization;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;

namespace BackorderDesk.Features.CustomerService;

/// <summary>
/// "What to tell the customer": a few plain sentences from the order's state, to read aloud or
/// paste. A date appears only where the ETA rules computed one, always as the range; an
/// unconfirmed range is called an estimate; no ETA means no date.
/// </summary>
public static class CustomerAnswer
{
    public static string For(OrderView order)
    {
        var sentences = new List<string>();
        var lines = order.Lines;
        if (lines.All(l => l.Status == LineStatus.Cancelled))
        {
            return $"Order {order.Number} was cancelled; nothing from it will ship and nothing will be charged.";
        }

        if (lines.All(l => l.OpenQty == 0))
        {
            var shipped = order.ShippedAt is { } at ? $" The last part left our warehouse on {NoticeTemplates.Day(DateOnly.FromDateTime(at))}." : "";
            sentences.Add($"Everything on order {order.Number} has shipped.{shipped}");
            AddCancelled(sentences, lines);
            return string.Join(" ", sentences);
        }

        var waitingElsewhere = lines.Any(l => l.WaitingQty > 0);
        foreach (var line in lines)
        {
            if (Sentence(line, order.ShipPolicy, waitingElsewhere) is { } sentence)
            {
                sentences.Add(sentence);
            }
        }

        AddCancelled(sentences, lines);
        if (lines.Any(l => l.RollingBackorder && l.WaitingQty > 0))
        {
            sentences.Add("I'm sorry this date has moved more than once; if you would rather not wait, I can cancel it or suggest an alternative that is in stock.");
        }

        if (order.PaymentAuthorizationExpiresBeforeEta)
        {
            sentences.Add("Your payment authorization runs out before the items can ship, so we will ask you to confirm the payment again before they go out.");
        }

        return string.Join(" ", sentences);
    }

    private static string? Sentence(OrderLineView line, ShipPolicy shipPolicy, bool waitingElsewhere)
    {
        var what = $"{Qty(line.OpenQty)} {line.SkuName}";
        var are = line.OpenQty == 1 ? "is" : "are";
        var shipped = line.ShippedQty > 0 ? $" ({line.ShippedQty.ToString(CultureInfo.InvariantCulture)} already shipped)" : "";
        return line.Status switch
        {
            LineStatus.Cancelled or LineStatus.Shipped => line.Status == LineStatus.Shipped ? $"The {Qty(line.ShippedQty)} {line.SkuName} {(line.ShippedQty == 1 ? "has" : "have")} shipped." : null,
            LineStatus.Allocated when shipPolicy == ShipPolicy.ShipComplete && waitingElsewhere =>
                $"The {what}{shipped} {are} in stock and reserved for you; {(line.OpenQty == 1 ? "it" : "they")} will ship together with the rest of the order.",
            LineStatus.Allocated => $"The {what}{shipped} {are} in stock, reserved for you and being prepared for shipment.",
            LineStatus.Held => $"The {what}{shipped} {are} on hold on our side ({line.HoldReason}); {(line.OpenQty == 1 ? "it" : "they")} will not ship until that is resolved.",
            LineStatus.Preorder => $"The {what} {are} a preorder: {Waiting(line)}.",
            LineStatus.PartiallyAllocated =>
                $"Of the {what}{shipped}, {Number(line.AllocatedQty)} are reserved for you and {Number(line.WaitingQty)} are on backorder: {Waiting(line)}.",
            _ => $"The {what}{shipped} {are} on backorder: {Waiting(line)}.",
        };
    }

    private static string Waiting(OrderLineView line) => line.Eta switch
    {
        { To: null } or null => "we cannot give a date yet because no delivery is confirmed, and we will let you know as soon as we can",
        { Confirmed: true } eta => eta.From == eta.To
            ? $"we expect to ship on {NoticeTemplates.Range(eta.From, eta.To)}"
            : $"we expect to ship between {NoticeTemplates.Day(eta.From ?? eta.To!.Value)} and {NoticeTemplates.Day(eta.To!.Value)}",
        var eta => $"the supplier has not confirmed a delivery yet, so our best estimate is {NoticeTemplates.Range(eta.From, eta.To)}, and we will tell you when it is confirmed",
    };

    private static void AddCancelled(List<string> sentences, IReadOnlyList<OrderLineView> lines)
    {
        var cancelled = lines.Where(l => l.CancelledQty > 0).Select(l => $"{Qty(l.CancelledQty)} {l.SkuName}").ToList();
        if (cancelled.Count > 0)
        {
            sentences.Add($"Cancelled and not charged: {string.Join(", ", cancelled)}.");
        }
    }

    private static string Number(int qty) => qty.ToString(CultureInfo.InvariantCulture);

    private static string Qty(int qty) => qty.ToString(CultureInfo.InvariantCulture) + " ×";
}
