namespace BackorderDesk.Domain;

public enum ExpediteRequestState
{
    Pending,
    Approved,
    Declined,
}

/// <summary>An agent asks for an order to be expedited; a manager approves (the order moves to Expedite) or declines.</summary>
public sealed class ExpediteRequest
{
    private ExpediteRequest()
    {
    }

    public ExpediteRequest(SalesOrder order, string reason, string requestedBy, DateTime requestedAt)
    {
        Order = order;
        OrderId = order.Id;
        Reason = reason;
        RequestedBy = requestedBy;
        RequestedAt = requestedAt;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public SalesOrder Order { get; private set; } = null!;

    public string Reason { get; private set; } = "";

    public string RequestedBy { get; private set; } = "";

    public DateTime RequestedAt { get; private set; }

    public ExpediteRequestState State { get; private set; }

    public string? DecidedBy { get; private set; }

    public DateTime? DecidedAt { get; private set; }

    public void Decide(bool approve, string by, DateTime at)
    {
        if (State != ExpediteRequestState.Pending)
        {
            throw new DomainException($"This expedite request was already {State.ToString().ToLowerInvariant()} by {DecidedBy}.", "request");
        }

        State = approve ? ExpediteRequestState.Approved : ExpediteRequestState.Declined;
        DecidedBy = by;
        DecidedAt = at;
    }
}
