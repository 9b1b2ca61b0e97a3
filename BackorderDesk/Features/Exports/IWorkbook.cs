using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Primitives;

namespace BackorderDesk.Features.Exports;

/// <summary>
/// One downloadable workbook, <c>GET /api/exports/{Name}.xlsx</c>. Each feature owns its workbook (its
/// columns, rows and definitions) and registers it in its own feature registration (<c>AddStock()</c>, …);
/// the endpoint finds it by name.
/// </summary>
public interface IWorkbook
{
    /// <summary>The <c>{name}</c> of the route.</summary>
    string Name { get; }

    /// <summary>The policy a signed-in person needs (an API key of any role may download every workbook).</summary>
    string Policy { get; }

    /// <summary>Writes the workbook for the page's own filters (the request's query string) into <paramref name="output"/>.</summary>
    Task WriteAsync(Stream output, WorkbookRequest request, CancellationToken cancellationToken);
}

/// <summary>What a workbook is asked for: the page's query string, the client (already checked to exist) and the time it is made.</summary>
public sealed class WorkbookRequest(string queryString, string? client, DateTime now)
{
    private readonly Dictionary<string, StringValues> _query = QueryHelpers.ParseQuery(queryString);

    /// <summary>The query string with its leading <c>?</c>, as the pages' own parsers take it.</summary>
    public string QueryString { get; } = "?" + queryString.TrimStart('?');

    public string? Client { get; } = client;

    /// <summary>UTC; the About sheet's "Generated at" and the file name's time.</summary>
    public DateTime Now { get; } = now;

    public DateOnly Today => DateOnly.FromDateTime(Now);

    /// <summary>A query parameter's trimmed value, or null when it is absent or blank.</summary>
    public string? Text(string key) => Value(_query, key);

    /// <summary>The given parameters that are present, for the About sheet's filter list.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Filters(params string[] keys) =>
        keys.Select(k => (Key: k, Value: Text(k))).Where(f => f.Value is not null).Select(f => new KeyValuePair<string, string>(f.Key, f.Value!)).ToList();

    public ExportAbout About(string title, IReadOnlyList<KeyValuePair<string, string>> filters, IReadOnlyList<KeyValuePair<string, string>> definitions) =>
        new(title, Client, Now, filters, definitions);

    internal static string? Value(Dictionary<string, StringValues> query, string key) =>
        query.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value.ToString()) ? value.ToString().Trim() : null;
}
