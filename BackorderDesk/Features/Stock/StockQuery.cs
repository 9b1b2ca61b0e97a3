using BackorderDesk.Components;
using BackorderDesk.Domain;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace BackorderDesk.Features.Stock;

/// <summary>The stock grid's sortable columns; the names are <see cref="StockRow"/>'s properties.</summary>
public enum StockSort
{
    Sku,
    Name,
    Client,
    Policy,
    OnHand,
    Allocated,
    Available,
    OnOrder,
    Backordered,
    ReorderPoint,
    InventoryPosition,
}

/// <summary>
/// One page of the stock grid: <see cref="Page"/> is zero-based here and one-based in the URL
/// (<c>?client=ACME&amp;q=jacket&amp;below=true&amp;sort=available&amp;dir=asc&amp;page=2</c>), so that a
/// view can be bookmarked. Defaults are left out of the URL.
/// </summary>
public sealed record StockQuery
{
    public const int DefaultPageSize = 25;

    public const int MaxPageSize = 200;

    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    public StockSort Sort { get; init; } = StockSort.Sku;

    public bool Descending { get; init; }

    /// <summary>Client code.</summary>
    public string? Client { get; init; }

    /// <summary>Supplier code.</summary>
    public string? Supplier { get; init; }

    public SellingPolicy? Policy { get; init; }

    public bool BelowReorderPoint { get; init; }

    public bool HasBackorders { get; init; }

    /// <summary>Case-insensitive substring of the SKU code, its name or one of its barcodes.</summary>
    public string? Search { get; init; }

    public bool HasFilters =>
        Client is not null || Supplier is not null || Policy is not null || BelowReorderPoint || HasBackorders || Search is not null;

    /// <summary>The same query without any filter (sort and page size kept, first page).</summary>
    public StockQuery WithoutFilters() => new() { PageSize = PageSize, Sort = Sort, Descending = Descending };

    /// <summary>Reads a query string such as <c>?client=ACME&amp;below=true</c>; unknown or malformed values are ignored.</summary>
    public static StockQuery FromQueryString(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        bool Flag(string key) => bool.TryParse(Text(key), out var flag) && flag;

        var (page, size) = GridUrl.ReadPaging(Text, DefaultPageSize, MaxPageSize);
        var (sort, descending) = GridUrl.ReadSort(Text, StockSort.Sku);
        return new StockQuery
        {
            Page = page,
            PageSize = size,
            Sort = sort,
            Descending = descending,
            Client = Text("client"),
            Supplier = Text("supplier"),
            Policy = GridUrl.ReadEnum<SellingPolicy>(Text("policy")),
            BelowReorderPoint = Flag("below"),
            HasBackorders = Flag("backorders"),
            Search = Text("q"),
        };
    }

    /// <summary>
    /// The URL's query parameters, for <c>NavigationManager.GetUriWithQueryParameters</c>: a default
    /// value is null, which removes the parameter.
    /// </summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["client"] = Client,
            ["supplier"] = Supplier,
            ["policy"] = Policy?.ToString(),
            ["below"] = BelowReorderPoint ? "true" : null,
            ["backorders"] = HasBackorders ? "true" : null,
            ["q"] = Search,
        };
        GridUrl.WriteSort(parameters, Sort, Descending, StockSort.Sku);
        GridUrl.WritePaging(parameters, Page, PageSize, DefaultPageSize);
        return parameters;
    }

    /// <summary>Takes page, page size and sort from the grid's state; the filters stay.</summary>
    public StockQuery WithGridState<T>(GridState<T> state)
    {
        var (page, size, sort, descending) = GridUrl.FromGridState(state, StockSort.Sku, DefaultPageSize, MaxPageSize);
        return this with { Page = page, PageSize = size, Sort = sort, Descending = descending };
    }
}
