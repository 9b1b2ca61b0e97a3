using BackorderDesk.Features.Exports;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Audit;

/// <summary>The <c>audit</c> workbook: the audit trail with the audit page's filters, newest first, streamed (it only grows). The Admin's.</summary>
public sealed class AuditWorkbook(ListAuditTrail audit) : IWorkbook
{
    internal static readonly KeyValuePair<string, string>[] Definitions =
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

    public string Name => "audit";

    public string Policy => Policies.Admin;

    public Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken)
    {
        var query = AuditQuery.FromQueryString(request.QueryString);

        // The trail spans every client: the About sheet names none.
        var about = new ExportAbout("Audit trail", null, request.Now, Filters(query), Definitions);
        return WorkbookWriter.WriteAsync(output, new WorkbookSheet("Audit trail", Columns, Rows(query, cancellationToken)), about, cancellationToken);
    }

    /// <summary>The filters as the About sheet lists them.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> Filters(AuditQuery query) =>
        query.ToParameters(withPaging: false)
            .Where(p => p.Value is not null)
            .Select(p => new KeyValuePair<string, string>(p.Key, (string)p.Value!))
            .ToList();

    private async IAsyncEnumerable<object?[]> Rows(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var r in audit.AllAsync(query, cancellationToken))
        {
            yield return [r.At, r.UserName, r.ActorName, r.Action, r.Subject.ToString(), r.SubjectKey, r.LineNumber, r.Before, r.After, r.Summary];
        }
    }
}
