using System.Globalization;
using BackorderDesk.Domain;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace BackorderDesk.Features.Planning;

/// <summary>The planning grid's sortable columns; <see cref="Alert"/> (largest shortfall ROP − IP first) is the default.</summary>
public enum PlanningSort
{
    Alert,
    Sku,
    Abc,
    DemandMean,
    DemandStdDev,
    LeadTimeMean,
    LeadTimeStdDev,
    SafetyStock,
    ReorderPoint,
    InventoryPosition,
    OnOrder,
    Backordered,
    Supplier,
}

/// <summary>
/// One page of the planning grid, kept in the URL
/// (<c>?client=ACME&amp;alerts=true&amp;abc=A&amp;q=tent&amp;sort=demandmean&amp;dir=desc&amp;page=2</c>); defaults are left out.
/// </summary>
public sealed record PlanningQuery
{
    public const int DefaultPageSize = 25;

    public const int MaxPageSize = 200;

    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    public PlanningSort Sort { get; init; } = PlanningSort.Alert;

    public bool Descending { get; init; }

    public string? Client { get; init; }

    public string? Supplier { get; init; }

    public AbcClass? Abc { get; init; }

    public bool AlertsOnly { get; init; }

    /// <summary>Case-insensitive substring of the SKU code or name.</summary>
    public string? Search { get; init; }

    public bool HasFilters => Supplier is not null || Abc is not null || AlertsOnly || Search is not null;

    public static PlanningQuery FromQueryString(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var page = int.TryParse(Text("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 1 ? p - 1 : 0;
        var size = int.TryParse(Text("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s is > 0 and <= MaxPageSize ? s : DefaultPageSize;
        return new PlanningQuery
        {
            Page = page,
            PageSize = size,
            Sort = Enum.TryParse<PlanningSort>(Text("sort"), ignoreCase: true, out var sort) && Enum.IsDefined(sort) ? sort : PlanningSort.Alert,
            Descending = string.Equals(Text("dir"), "desc", StringComparison.OrdinalIgnoreCase),
            Client = Text("client"),
            Supplier = Text("supplier"),
            Abc = Enum.TryParse<AbcClass>(Text("abc"), ignoreCase: true, out var abc) && Enum.IsDefined(abc) ? abc : null,
            AlertsOnly = bool.TryParse(Text("alerts"), out var alerts) && alerts,
            Search = Text("q"),
        };
    }

    public IReadOnlyDictionary<string, object?> ToQueryParameters() => new Dictionary<string, object?>
    {
        ["client"] = Client,
        ["supplier"] = Supplier,
        ["abc"] = Abc?.ToString(),
        ["alerts"] = AlertsOnly ? "true" : null,
        ["q"] = Search,
        ["sort"] = Sort == PlanningSort.Alert && !Descending ? null : Sort.ToString().ToLowerInvariant(),
        ["dir"] = Sort == PlanningSort.Alert && !Descending ? null : (Descending ? "desc" : "asc"),
        ["page"] = Page > 0 ? (Page + 1).ToString(CultureInfo.InvariantCulture) : null,
        ["size"] = PageSize != DefaultPageSize ? PageSize.ToString(CultureInfo.InvariantCulture) : null,
    };

    /// <summary>Page, page size and sort from the grid; no sort column means the default (alerts first).</summary>
    public PlanningQuery WithGridState<T>(GridState<T> state)
    {
        var first = state.SortDefinitions.FirstOrDefault();
        var sort = PlanningSort.Alert;
        var descending = false;
        if (first is not null && Enum.TryParse<PlanningSort>(first.SortBy, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
        {
            sort = parsed;
            descending = first.Descending;
        }

        return this with
        {
            Page = Math.Max(0, state.Page),
            PageSize = state.PageSize is > 0 and <= MaxPageSize ? state.PageSize : DefaultPageSize,
            Sort = sort,
            Descending = descending,
        };
    }
}
