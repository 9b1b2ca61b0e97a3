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

    public bool MovedLater => PreviousTo is { } before && To is { } after && after > before;

    public bool MovedEarlier => PreviousTo is { } before && To is { } after && after < before;
}
