namespace BackorderDesk.Features.Audit;

/// <summary>The names of the manual changes the audit trail records (<see cref="Domain.AuditEntry.Action"/>).</summary>
public static class AuditActions
{
    public const string StockAdjusted = "Stock adjusted";
    public const string StockCounted = "Stock counted";
    public const string PriorityChanged = "Priority changed";
    public const string LineHeld = "Line put on hold";
    public const string LineReleased = "Line released from hold";
    public const string LineCancelled = "Line cancelled";
    public const string LineSwapped = "Line swapped";
    public const string ExpediteRequested = "Expedite requested";
    public const string ExpediteApproved = "Expedite approved";
    public const string ExpediteDeclined = "Expedite declined";
    public const string GoodwillGiven = "Goodwill gesture";
    public const string UpdateResent = "Update resent";
    public const string PurchaseOrderCreated = "Purchase order created";
    public const string PurchaseLineCancelled = "Purchase line cancelled";
    public const string ExpectedDateMoved = "Expected date moved";
    public const string PlanningOverridden = "Planning override changed";
    public const string UserCreated = "User created";
    public const string UserChanged = "User changed";
    public const string UserDisabled = "User disabled";
    public const string UserEnabled = "User enabled";
    public const string PasswordReset = "Password reset";
    public const string ApiKeyCreated = "API key created";
    public const string ApiKeyRevoked = "API key revoked";

    /// <summary>Every action, in the order the audit page's filter offers them.</summary>
    public static readonly string[] All =
    [
        StockAdjusted, StockCounted, PriorityChanged, LineHeld, LineReleased, LineCancelled, LineSwapped,
        ExpediteRequested, ExpediteApproved, ExpediteDeclined, GoodwillGiven, UpdateResent,
        PurchaseOrderCreated, PurchaseLineCancelled, ExpectedDateMoved, PlanningOverridden,
        UserCreated, UserChanged, UserDisabled, UserEnabled, PasswordReset, ApiKeyCreated, ApiKeyRevoked,
    ];
}
