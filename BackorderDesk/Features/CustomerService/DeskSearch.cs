using BackorderDesk.Features.Orders;

namespace BackorderDesk.Features.CustomerService;

/// <summary>
/// The desk's search as the agent types: the API's search (<see cref="SearchOrders"/>: number, customer
/// code, email or name containing the text, any case, accents optional, newest first), a few at a time.
/// </summary>
public sealed class DeskSearch(SearchOrders search)
{
    public const int MinLength = 2;

    /// <summary>Orders shown per page of results ("Show more" adds the next page).</summary>
    public const int PageSize = 8;

    public async Task<OrderSearchResult> HandleAsync(string? query, int page, CancellationToken cancellationToken)
    {
        var text = query?.Trim() ?? "";
        if (text.Length < MinLength || text.Length > SearchOrders.MaxQueryLength)
        {
            return new OrderSearchResult(0, 1, PageSize, []);
        }

        return await search.HandleAsync(text, page, PageSize, cancellationToken);
    }

    public Task<OrderSearchResult> HandleAsync(string? query, CancellationToken cancellationToken) => HandleAsync(query, 1, cancellationToken);
}
