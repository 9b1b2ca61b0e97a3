using System.Globalization;
using BackorderDesk.Components;
using BackorderDesk.Domain;
using Microsoft.AspNetCore.WebUtilities;

namespace BackorderDesk.Features.Audit;

/// <summary>
/// The audit page's filters, as its URL and the audit export carry them: <c>from</c>, <c>to</c>
/// (days, inclusive), <c>person</c>, <c>action</c>, <c>kind</c>, <c>q</c> (thing key or words of the
/// summary), <c>page</c> and <c>pageSize</c>.
/// </summary>
public sealed record AuditQuery(
    DateOnly? From = null,
    DateOnly? To = null,
    string? Person = null,
    string? Action = null,
    AuditSubject? Kind = null,
    string? Search = null,
    int Page = 0,
    int PageSize = AuditQuery.DefaultPageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static AuditQuery FromQueryString(string? queryString)
    {
        var query = QueryHelpers.ParseQuery(queryString);
        string? Text(string key) => query.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var (page, pageSize) = GridUrl.ReadPaging(Text, DefaultPageSize, MaxPageSize);
        var action = Text("action");
        return new AuditQuery(
            Day(Text("from")),
            Day(Text("to")),
            Text("person"),
            AuditActions.All.FirstOrDefault(a => string.Equals(a, action, StringComparison.OrdinalIgnoreCase)),
            GridUrl.ReadEnum<AuditSubject>(Text("kind")),
            Text("q"),
            page,
            pageSize);
    }

    /// <summary>The filters as URL parameters (null for the defaults), for the page's address and the export link.</summary>
    public Dictionary<string, object?> ToParameters(bool withPaging = true)
    {
        var parameters = new Dictionary<string, object?>
        {
            ["from"] = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["to"] = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["person"] = Person,
            ["action"] = Action,
            ["kind"] = Kind?.ToString(),
            ["q"] = Search,
        };
        if (withPaging)
        {
            GridUrl.WritePaging(parameters, Page, PageSize, DefaultPageSize);
        }

        return parameters;
    }

    private static DateOnly? Day(string? text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : null;
}
