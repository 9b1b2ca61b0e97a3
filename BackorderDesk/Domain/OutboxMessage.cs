namespace BackorderDesk.Domain;

/// <summary>A message to a customer, written in the same transaction as the event that caused it.</summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
    }

    public OutboxMessage(long? orderId, NotificationKind kind, string to, string subject, string body, DateTime createdAt)
    {
        OrderId = orderId;
        Kind = kind;
        To = to;
        Subject = subject;
        Body = body;
        CreatedAt = createdAt;
        NextAttemptAt = createdAt;
    }

    /// <summary>A message about an order, which may not be saved yet (its id comes with the commit).</summary>
    public OutboxMessage(SalesOrder order, NotificationKind kind, string to, string subject, string body, DateTime createdAt)
        : this(order.Id == 0 ? null : order.Id, kind, to, subject, body, createdAt)
    {
        Order = order;
    }

    public long Id { get; private set; }

    public long? OrderId { get; private set; }

    public SalesOrder? Order { get; private set; }

    public NotificationKind Kind { get; private set; }

    public string To { get; private set; } = "";

    public string Subject { get; private set; } = "";

    public string Body { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public DeliveryState State { get; private set; }

    public int Attempts { get; private set; }

    public DateTime NextAttemptAt { get; private set; }

    public DateTime? SentAt { get; private set; }

    public string? LastError { get; private set; }

    public void MarkSent(DateTime at)
    {
        Attempts++;
        State = DeliveryState.Sent;
        SentAt = at;
        LastError = null;
    }

    /// <summary>Records a failed attempt and schedules the next one with exponential backoff.</summary>
    public void MarkFailed(DateTime at, string error, int maxAttempts)
    {
        Attempts++;
        LastError = error;
        if (Attempts >= maxAttempts)
        {
            State = DeliveryState.Failed;
            return;
        }

        NextAttemptAt = at.AddSeconds(Math.Min(3600, 5 * Math.Pow(2, Attempts - 1)));
    }
}
