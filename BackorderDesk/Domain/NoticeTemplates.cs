using System.Globalization;
using System.Text;

namespace BackorderDesk.Domain;

/// <summary>
/// The plain-text messages customers receive, one template per <see cref="NotificationKind"/>.
/// Honest by construction: a date appears only as the range the ETA rules computed, an unconfirmed
/// range says so, and a line without an ETA gets no date at all.
/// </summary>
public static class NoticeTemplates
{
    public const string Signature = "BackorderDesk customer service";

    public static (string Subject, string Body) Backordered(SalesOrder order, IReadOnlyList<SalesOrderLine> waiting)
    {
        var body = Greeting(order)
            .AppendLine(CultureInfo.InvariantCulture, $"Thank you for your order {order.Number}. Not everything is in stock yet:")
            .AppendLine();
        foreach (var line in waiting)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"- {line.WaitingQty} × {line.Sku.Name}: {Expected(line)}");
        }

        var reserved = order.Lines.Where(l => l.AllocatedQty > 0).ToList();
        if (reserved.Count > 0)
        {
            body.AppendLine()
                .AppendLine(order.ShipPolicy == ShipPolicy.ShipComplete
                    ? "Reserved for you, shipping together with the rest when everything is here:"
                    : "Reserved for you and shipping separately:");
            foreach (var line in reserved)
            {
                body.AppendLine(CultureInfo.InvariantCulture, $"- {line.AllocatedQty} × {line.Sku.Name}");
            }
        }

        body.AppendLine()
            .AppendLine("We will write again whenever a date changes. You can cancel waiting items at any time: just reply to this message.");
        return ($"Your order {order.Number}: {Items(waiting.Count)} on backorder", Close(body));
    }

    public static (string Subject, string Body) EtaChanged(SalesOrder order, IReadOnlyList<EtaChange> changes, bool later)
    {
        var body = Greeting(order)
            .AppendLine(later
                ? $"We are sorry: part of your order {order.Number} will take longer than we told you."
                : $"Good news: part of your order {order.Number} is expected sooner than we told you.")
            .AppendLine();
        foreach (var change in changes)
        {
            var was = change.QuotedTo is null ? "" : $" (before: {Range(change.QuotedFrom, change.QuotedTo)})";
            body.AppendLine(CultureInfo.InvariantCulture, $"- {change.Line.WaitingQty} × {change.Line.Sku.Name}: {Expected(change.Line)}{was}");
        }

        if (later && changes.Any(c => c.Line.EtaSlips >= 2))
        {
            body.AppendLine()
                .AppendLine("This is not the first delay for this item. One of our team will call you to talk about your options.");
        }

        body.AppendLine()
            .AppendLine(later
                ? "If you would rather not wait, reply to this message and we will cancel the waiting items or suggest an alternative."
                : "We will write again when it is ready to ship.");
        return (later ? $"Your order {order.Number} is delayed" : $"Your order {order.Number} is expected sooner", Close(body));
    }

    public static (string Subject, string Body) ReadyToShip(SalesOrder order)
    {
        var body = Greeting(order)
            .AppendLine(CultureInfo.InvariantCulture, $"Everything still open on your order {order.Number} is now in stock and reserved for you:")
            .AppendLine();
        foreach (var line in order.Lines.Where(l => l.AllocatedQty > 0))
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"- {line.AllocatedQty} × {line.Sku.Name}");
        }

        body.AppendLine().AppendLine("It is being prepared for shipment; we will write again when it leaves the warehouse.");
        return ($"Your order {order.Number} is ready to ship", Close(body));
    }

    public static (string Subject, string Body) Shipped(SalesOrder order, IReadOnlyList<(SalesOrderLine Line, int Qty)> shipped)
    {
        var complete = !order.IsOpen;
        var body = Greeting(order)
            .AppendLine(complete
                ? $"The rest of your order {order.Number} has shipped:"
                : $"Part of your order {order.Number} has shipped:")
            .AppendLine();
        foreach (var (line, qty) in shipped)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"- {qty} × {line.Sku.Name}");
        }

        var open = order.Lines.Where(l => l.OpenQty > 0).ToList();
        if (open.Count > 0)
        {
            body.AppendLine().AppendLine("Still to come:");
            foreach (var line in open)
            {
                body.AppendLine(CultureInfo.InvariantCulture, $"- {line.OpenQty} × {line.Sku.Name}: {(line.WaitingQty == 0 ? "reserved for you, ships soon" : Expected(line))}");
            }
        }

        return (complete ? $"Your order {order.Number} has shipped" : $"Part of your order {order.Number} has shipped", Close(body));
    }

    public static (string Subject, string Body) Cancelled(SalesOrder order, IReadOnlyList<(SalesOrderLine Line, int Qty)> cancelled)
    {
        var body = Greeting(order)
            .AppendLine(CultureInfo.InvariantCulture, $"These items of your order {order.Number} have been cancelled:")
            .AppendLine();
        foreach (var (line, qty) in cancelled)
        {
            body.AppendLine(CultureInfo.InvariantCulture, $"- {qty} × {line.Sku.Name}");
        }

        body.AppendLine()
            .AppendLine("You will not be charged for cancelled items: payment is only taken when items ship.")
            .AppendLine(order.IsOpen ? "The rest of your order is unchanged." : "Nothing else is open on this order.");
        return ($"Your order {order.Number}: {Items(cancelled.Count)} cancelled", Close(body));
    }

    public static (string Subject, string Body) RestockNotice(Sku sku)
    {
        var body = new StringBuilder()
            .AppendLine("Hello,")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"{sku.Name} ({sku.Code}) is back in stock. You asked us to tell you.")
            .AppendLine("Stock is limited and not reserved for you: order soon if you still want it.");
        return ($"{sku.Name} is back in stock", Close(body));
    }

    /// <summary>What the line waits for, in words: a confirmed range, an estimate, or no date.</summary>
    public static string Expected(SalesOrderLine line) => Expected(line.EtaFrom, line.EtaTo, line.EtaConfirmed);

    public static string Expected(DateOnly? from, DateOnly? to, bool confirmed) => (from, to, confirmed) switch
    {
        (_, null, _) => "we cannot give a date yet; we will write as soon as we can",
        (_, _, true) => $"expected to ship {Range(from, to)}",
        _ => $"no confirmed delivery from the supplier yet; our estimate is {Range(from, to)}, and we will write when it is confirmed",
    };

    /// <summary>"Dec 3", "Dec 3–6" or "Nov 30–Dec 2" (invariant culture).</summary>
    public static string Range(DateOnly? from, DateOnly? to)
    {
        if (to is not { } end)
        {
            return "no date";
        }

        var start = from ?? end;
        if (start == end)
        {
            return Day(end);
        }

        return start.Month == end.Month && start.Year == end.Year
            ? $"{Day(start)}–{end.Day.ToString(CultureInfo.InvariantCulture)}"
            : $"{Day(start)}–{Day(end)}";
    }

    public static string Day(DateOnly day) => day.ToString("MMM d", CultureInfo.InvariantCulture);

    private static string Items(int count) => count == 1 ? "1 item" : $"{count} items";

    private static StringBuilder Greeting(SalesOrder order) =>
        new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"Hello {order.Customer.Name},").AppendLine();

    private static string Close(StringBuilder body) =>
        body.AppendLine().AppendLine(Signature).ToString();
}
