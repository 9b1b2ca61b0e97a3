namespace BackorderDesk.Domain;

/// <summary>One entry of a line's ETA history: first quote and every change, with its reason.</summary>
public sealed class EtaChange
{
    private EtaChange()
    {
    }

    internal EtaChange(SalesOrderLine line, DateTime at, DateOnly? previousFrom, DateOnly? previousTo, DateOnly? from, DateOnly? to, bool confirmed, string reason)
    {
        Line = line;
        At = at;
        PreviousFrom = previousFrom;
        PreviousTo = previousTo;
        From = from;
        To = to;
        Confirmed = confirmed;
        Reason = reason;
    }

    public long Id { get; private set; }

    public long OrderLineId { get; private set; }

    public SalesOrderLine Line { get; private set; } = null!;

    public DateTime At { get; private set; }

    public DateOnly? PreviousFrom { get; private set; }

    public DateOnly? PreviousTo { get; private set; }

    public DateOnly? From { get; private set; }

    public DateOnly? To { get; private set; }

    public bool Confirmed { get; private set; }

    public string Reason { get; private set; } = "";

    /// <summary>
    /// Whether this change broke a promise: the ETA ends later than the one the customer was told and
    /// either side was confirmed by a
    /// purchase order, or the earlier estimate's last day had already passed. An unconfirmed estimate
    /// (today + lead time) that drifts a day later each time the queue is refreshed is not a slip
    /// until the estimate the customer was given is missed. Set when the change is made (not stored).
    /// </summary>
    public bool IsSlip { get; internal init; }

    /// <summary>Whether the new ETA ends before the one the customer was told. Not stored.</summary>
    public bool IsEarlier { get; internal init; }

    /// <summary>The range the customer was told before this change. Not stored.</summary>
    public DateOnly? QuotedFrom { get; internal init; }

    /// <summary>The last day of <see cref="QuotedFrom"/>'s range. Not stored.</summary>
    public DateOnly? QuotedTo { get; internal init; }

    public bool MovedLater => PreviousTo is { } before && To is { } after && after > before;

    public bool MovedEarlier => PreviousTo is { } before && To is { } after && after < before;
}
