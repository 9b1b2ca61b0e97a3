using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;

namespace BackorderDesk.Features.Audit;

/// <summary>
/// Records a manual change in the audit trail. Call it inside the command that makes the change, on
/// the same context, so that the entry commits (or rolls back) with the change itself.
/// </summary>
public static class AuditTrail
{
    public const int MaxValueLength = 1000;

    public static AuditEntry Add(
        WarehouseDbContext db,
        DeskActor actor,
        string action,
        AuditSubject subject,
        string subjectKey,
        int? lineNumber,
        string? before,
        string? after,
        string summary,
        DateTime at)
    {
        var entry = new AuditEntry(at, actor.UserName, actor.DisplayName, action, subject, subjectKey, lineNumber, Clip(before), Clip(after), Clip(summary)!);
        db.AuditTrail.Add(entry);
        return entry;
    }

    /// <summary>The same, at the write command's clock reading.</summary>
    public static AuditEntry Add(WriteScope scope, DeskActor actor, string action, AuditSubject subject, string subjectKey, int? lineNumber, string? before, string? after, string summary) =>
        Add(scope.Db, actor, action, subject, subjectKey, lineNumber, before, after, summary, scope.Now);

    private static string? Clip(string? value) =>
        value is { Length: > MaxValueLength } ? value[..(MaxValueLength - 1)] + "…" : value;
}
