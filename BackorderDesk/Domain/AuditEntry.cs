namespace BackorderDesk.Domain;

/// <summary>What kind of thing a manual change was made to.</summary>
public enum AuditSubject
{
    Sku,
    Order,
    PurchaseOrder,
    Supplier,
    Client,
    User,
    ApiKey,
}

/// <summary>
/// One manual change: who made it, when, to what, and the value before and after. Written in the same
/// transaction as the change itself, so that the trail never shows a change that did not happen.
/// </summary>
public sealed class AuditEntry
{
    private AuditEntry()
    {
    }

    public AuditEntry(DateTime at, string userName, string actorName, string action, AuditSubject subject, string subjectKey, int? lineNumber, string? before, string? after, string summary)
    {
        At = at;
        UserName = userName;
        ActorName = actorName;
        Action = action;
        Subject = subject;
        SubjectKey = subjectKey;
        LineNumber = lineNumber;
        Before = before;
        After = after;
        Summary = summary;
    }

    public long Id { get; private set; }

    public DateTime At { get; private set; }

    /// <summary>The sign-in name (e.g. <c>agent</c>), <c>api:&lt;key name&gt;</c> for an API key, or <c>system</c>.</summary>
    public string UserName { get; private set; } = "";

    /// <summary>The person's display name at the time of the change.</summary>
    public string ActorName { get; private set; } = "";

    /// <summary>What was done, e.g. "Stock adjusted", "Line cancelled" (see <c>AuditActions</c>).</summary>
    public string Action { get; private set; } = "";

    public AuditSubject Subject { get; private set; }

    /// <summary>The SKU code, order number, purchase-order number, user name or key name.</summary>
    public string SubjectKey { get; private set; } = "";

    public int? LineNumber { get; private set; }

    public string? Before { get; private set; }

    public string? After { get; private set; }

    /// <summary>One sentence a person can read, e.g. "Counted 12 units (was 10)."</summary>
    public string Summary { get; private set; } = "";
}
