using BackorderDesk.Components;
using Microsoft.AspNetCore.WebUtilities;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>Which purchase orders the list shows.</summary>
public enum PurchaseOrderStatus
{
    /// <summary>At least one line still has units to receive.</summary>
    Open,

    /// <summary>Open, with at least one open line whose expected date has passed.</summary>
    Late,

    /// <summary>Nothing left to receive (every line received or cancelled).</summary>
    Received,

    /// <summary>Every purchase order.</summary>
    All,
}

/// <summary>
/// One page of the purchase-order list, kept in the URL
/// (<c>?status=late&amp;supplier=NORTH&amp;client=ACME&amp;q=PO-12&amp;page=2</c>) so that a view can be
/// bookmarked; the same parameters filter the <c>purchase-orders</c> export. Defaults are left out.
/// </summary>
public sealed record PurchaseOrderQuery
{
    public const int DefaultPageSize = 25;

    public const int MaxPageSize = 200;

    public PurchaseOrderStatus Status { get; init; } = PurchaseOrderStatus.Open;

    /// <summary>Supplier code.</summary>
    public string? Supplier { get; init; }

    /// <summary>Client code: purchase orders with at least one line for a SKU of that client.</summary>
    public string? Client { get; init; }

    /// <summary>Case-insensitive substring of the PO number.</summary>
    public string? Search { get; init; }

    /// <summary>Zero-based here, one-based in the URL.</summary>
    public int Page { get; init; }

    public int PageSize { get; init; } = DefaultPageSize;

    public bool HasFilters => Supplier is not null || Client is not null || Search is not null;

    public static PurchaseOrderQuery FromQueryString(string? queryString)
    {
        var values = QueryHelpers.ParseQuery(queryString);
        string? Text(string key) => values.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v.ToString()) ? v.ToString().Trim() : null;
        var (page, size) = GridUrl.ReadPaging(Text, DefaultPageSize, MaxPageSize);
        return new PurchaseOrderQuery
        {
            Status = Enum.TryParse<PurchaseOrderStatus>(Text("status"), ignoreCase: true, out var status) && Enum.IsDefined(status) && !int.TryParse(Text("status"), out _)
                ? status
                : PurchaseOrderStatus.Open,
            Supplier = Text("supplier"),
            Client = Text("client"),
            Search = Text("q"),
            Page = page,
            PageSize = size,
        };
    }

    /// <summary>For <c>NavigationManager.GetUriWithQueryParameters</c>: null removes a parameter.</summary>
    public IReadOnlyDictionary<string, object?> ToQueryParameters()
    {
        var parameters = new Dictionary<string, object?>
        {
            ["status"] = Status == PurchaseOrderStatus.Open ? null : Status.ToString().ToLowerInvariant(),
            ["supplier"] = Supplier,
            ["client"] = Client,
            ["q"] = Search,
        };
        GridUrl.WritePaging(parameters, Page, PageSize, DefaultPageSize);
        return parameters;
    }
}
