namespace BackorderDesk.Domain;

/// <summary>
/// Turns what one command changed into the messages its customers are owed, so that they are
/// written in the same transaction as the change (an outbox): one message per event and order
/// (backordered with its ETA, ETA moved later or earlier, ready to ship, shipped, cancelled). A
/// customer without an email address gets none. The second slip of a line's ETA also puts a note
/// on the order's timeline: a rolling backorder needs a person, not another template.
/// </summary>
public static class CustomerNotices
{
    /// <summary>
    /// Orders that may have become ready to ship; the caller loads all their lines first (a SKU
    /// book only loads the lines of its own SKU).
    /// </summary>
    public static IReadOnlyList<SalesOrder> ReadyCandidates(ChangeSet changes)
    {
        var placed = changes.PlacedOrders.ToHashSet();
        return changes.Allocations
            .Where(a => a.Cause != AllocationCause.Placement)
            .Select(a => a.Line.Order)
            .Where(o => !placed.Contains(o))
            .Distinct()
            .ToList();
    }

    /// <summary>Orders whose messages speak about all their lines: those that may be ready, and those that lost units.</summary>
    public static IEnumerable<SalesOrder> OrdersToLoadWhole(ChangeSet changes) =>
        ReadyCandidates(changes).Concat(changes.TakenBack.Select(t => t.Line.Order)).Distinct();

    public static IReadOnlyList<OutboxMessage> Collect(ChangeSet changes, DateTime at)
    {
        var messages = new List<OutboxMessage>();
        var told = new HashSet<SalesOrder>();

        foreach (var order in changes.PlacedOrders)
        {
            var waiting = order.Lines.Where(l => l.WaitingQty > 0).ToList();
            if (waiting.Count > 0 && Add(messages, order, NotificationKind.Backordered, NoticeTemplates.Backordered(order, waiting), at))
            {
                told.Add(order);
            }
        }

        // Units taken back (a count found fewer): those lines wait again, with a new ETA.
        foreach (var order in changes.TakenBack.Select(t => t.Line.Order).Distinct().Where(o => !told.Contains(o)))
        {
            var waiting = order.Lines.Where(l => l.WaitingQty > 0).ToList();
            if (Add(messages, order, NotificationKind.Backordered, NoticeTemplates.Backordered(order, waiting), at))
            {
                told.Add(order);
            }
        }

        foreach (var change in changes.EtaChanges.Where(c => c.IsSlip && c.Line.EtaSlips == 2))
        {
            change.Line.Order.Record(TimelineKind.Note, at, $"Rolling backorder: the ETA of {change.Line.Sku.Code} moved later a second time. Call the customer.", lineNumber: change.Line.LineNumber);
        }

        var ready = ReadyCandidates(changes).Where(o => o.IsOpen && o.IsComplete && !told.Contains(o)).ToHashSet();
        foreach (var byOrder in changes.EtaChanges.Where(c => c.PreviousTo is not null && c.Line.WaitingQty > 0).GroupBy(c => c.Line.Order))
        {
            var order = byOrder.Key;
            if (told.Contains(order) || ready.Contains(order))
            {
                continue;
            }

            // The latest change per line: a line refreshed twice in one command is told once.
            var latest = byOrder.GroupBy(c => c.Line).Select(g => g.Last()).ToList();
            var later = latest.Any(c => c.IsSlip || c.To is null);
            if (!later && !latest.Any(c => c.IsEarlier))
            {
                continue;
            }

            var told1 = later ? latest.Where(c => c.IsSlip || c.To is null || c.IsEarlier).ToList() : latest.Where(c => c.IsEarlier).ToList();
            Add(messages, order, later ? NotificationKind.DelayNotice : NotificationKind.EtaEarlier, NoticeTemplates.EtaChanged(order, told1, later), at);
        }

        foreach (var order in ready)
        {
            Add(messages, order, NotificationKind.ReadyToShip, NoticeTemplates.ReadyToShip(order), at);
        }

        foreach (var byOrder in changes.Shipments.GroupBy(s => s.Line.Order))
        {
            Add(messages, byOrder.Key, NotificationKind.Shipped, NoticeTemplates.Shipped(byOrder.Key, byOrder.ToList()), at);
        }

        foreach (var byOrder in changes.Cancellations.GroupBy(c => c.Line.Order))
        {
            Add(messages, byOrder.Key, NotificationKind.Cancelled, NoticeTemplates.Cancelled(byOrder.Key, byOrder.ToList()), at);
        }

        return messages;
    }

    /// <summary>A message to the order's customer; false when the customer has no email address.</summary>
    public static bool Add(List<OutboxMessage> messages, SalesOrder order, NotificationKind kind, (string Subject, string Body) text, DateTime at)
    {
        if (string.IsNullOrWhiteSpace(order.Customer.Email))
        {
            return false;
        }

        messages.Add(new OutboxMessage(order, kind, order.Customer.Email, Truncate(text.Subject, 200), Truncate(text.Body, 20_000), at));
        return true;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
