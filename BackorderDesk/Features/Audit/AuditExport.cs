using BackorderDesk.Features.Exports;

namespace BackorderDesk.Features.Audit;

/// <summary>The audit trail with the audit page's filters, newest first, streamed (it only grows).</summary>
internal static class AuditExport
{
    public static readonly KeyValuePair<string, string>[] Definitions =
    [
        new("When (UTC)", "When the change was committed."),
        new("User name", "The sign-in name, api:<key name> for an API key, or system."),
        new("Person", "The display name at the time of the change."),
        new("Before / After", "The value the change replaced, and the one it set."),
    ];

    private static readonly ExportColumn[] Columns =
    [
        new("When (UTC)", CellKind.DateTime), new("User name", CellKind.Text), new("Person", CellKind.Text), new("Action", CellKind.Text),
        new("Kind", CellKind.Text), new("Thing", CellKind.Text), new("Line", CellKind.Integer), new("Before", CellKind.Text),
        new("After", CellKind.Text), new("What happened", CellKind.Text),
    ];

    public static Task<int> WriteAsync(Stream output, ListAuditTrail audit, AuditQuery query, ExportAbout about, CancellationToken cancellationToken) =>
        StreamingWorkbook.WriteAsync(output, "Audit trail", Columns, Rows(audit, query, cancellationToken), about, cancellationToken);

    /// <summary>The filters as the About sheet lists them.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Filters(AuditQuery query) =>
        query.ToParameters(withPaging: false)
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, string>(p.Key, (string)p.Value!))
            .ToList();

    private static async IAsyncEnumerable<object?[]> Rows(ListAuditTrail audit, AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in audit.AllAsync(query, cancellationToken))
        {
            yield return [r.At, r.UserName, r.ActorName, r.Action, r.Subject.ToString(), r.SubjectKey, r.LineNumber, r.Before, r.After, r.Summary];
        }
    }
}
