using BackorderDesk.Components;
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
        var (page, size) = GridUrl.ReadPaging(Text, DefaultPageSize, MaxPageSize);
        var (sort, descending) = GridUrl.ReadSort(Text, PlanningSort.Alert);
        return new PlanningQuery
        {
            Page = page,
            PageSize = size,
            Sort = sort,
            Descending = descending,
            Client = Text("client"),
            Supplier = Text("supplier"),
            Abc = GridUrl.ReadEnum<AbcClass>(Text("abc")),
            AlertsOnly = bool.TryParse(Text("alerts"), out var alerts) && alerts,
            Search = Text("q"),
        };
    }

    public IReadOnlyDictionary<string, object?> ToQueryParameters()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["client"] = Client,
            ["supplier"] = Supplier,
            ["abc"] = Abc?.ToString(),
            ["alerts"] = AlertsOnly ? "true" : null,
            ["q"] = Search,
        };
        GridUrl.WriteSort(parameters, Sort, Descending, PlanningSort.Alert);
        GridUrl.WritePaging(parameters, Page, PageSize, DefaultPageSize);
        return parameters;
    }

    /// <summary>
    /// The filters the reorder export honours (client, supplier, ABC class, search): the workbook lists
    /// the alerts among the SKUs the grid shows, whatever the grid's page, sort or "alerts only".
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToExportParameters() => new Dictionary<string, object?>
    {
        ["client"] = Client,
        ["supplier"] = Supplier,
        ["abc"] = Abc?.ToString(),
        ["q"] = Search,
    };

    /// <summary>Page, page size and sort from the grid; no sort column means the default (alerts first).</summary>
    public PlanningQuery WithGridState<T>(GridState<T> state)
    {
        var (page, size, sort, descending) = GridUrl.FromGridState(state, PlanningSort.Alert, DefaultPageSize, MaxPageSize);
        return this with { Page = page, PageSize = size, Sort = sort, Descending = descending };
    }
}
