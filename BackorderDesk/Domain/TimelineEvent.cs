namespace BackorderDesk.Domain;

/// <summary>Something that happened to an order, in the order's own history.</summary>
public sealed class TimelineEvent
{
    private TimelineEvent()
    {
    }

    internal TimelineEvent(SalesOrder order, TimelineKind kind, DateTime at, string text, string actor, int? lineNumber)
    {
        Order = order;
        Kind = kind;
        At = at;
        Text = text;
        Actor = actor;
        LineNumber = lineNumber;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public SalesOrder Order { get; private set; } = null!;

    public int? LineNumber { get; private set; }

    public TimelineKind Kind { get; private set; }

    public DateTime At { get; private set; }

    public string Text { get; private set; } = "";

    /// <summary>Who did it: "system", an agent's name, or an API key's name.</summary>
    public string Actor { get; private set; } = "system";
}
