using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Orders;

public sealed record OrderSummary(string Number, CustomerView Customer, OrderStatus Status, DateTime PlacedAt, int OpenQty, int WaitingQty);

/// <summary>
/// One page of the orders found, newest first, and how many match in all; <see cref="TotalIsCapped"/>
/// when more than <see cref="OrderSearchIndex.CountLimit"/> match (then Total is that limit).
/// </summary>
public sealed record OrderSearchResult(int Total, int Page, int PageSize, IReadOnlyList<OrderSummary> Orders, bool TotalIsCapped = false)
{
    public bool HasMore => (long)Page * PageSize < Total;
}

/// <summary>
/// Finds orders whose number, customer code, email or name contains the query anywhere, ignoring
/// case and accents in any language (<see cref="SearchText.Fold"/>: "müller" finds "MÜLLER", "jose"
/// finds "José", "rown" finds "Brown"), newest first, a page at a time with the total. One or two
/// characters match the start of the number, code, email, name or surname instead (no index can
/// answer "contains" for so little text). No query lists the newest orders. The desk and
/// <c>GET /api/orders?query=</c> both search here.
/// </summary>
public sealed class SearchOrders(IDbContextFactory<WarehouseDbContext> factory, OrderSearchIndex index)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;
    public const int MaxQueryLength = 200;

    /// <summary>The first page, of <see cref="DefaultPageSize"/>.</summary>
    public Task<OrderSearchResult> HandleAsync(string? query, CancellationToken cancellationToken) => HandleAsync(query, null, null, cancellationToken);

    public async Task<OrderSearchResult> HandleAsync(string? query, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        new InputCheck()
            .That(query is null || query.Length <= MaxQueryLength, "query", $"query must be at most {MaxQueryLength} characters.")
            .That(page is null or >= 1 and <= 1_000_000, "page", "page must be a whole number from 1 to 1,000,000.")
            .That(pageSize is null or >= 1 and <= MaxPageSize, "pageSize", $"pageSize must be a whole number from 1 to {MaxPageSize}.")
            .ThrowIfInvalid();
        var number = page ?? 1;
        var size = pageSize ?? DefaultPageSize;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var hits = await index.FindAsync(db, SearchText.Fold(query?.Trim()), (number - 1) * size, size, cancellationToken);
        if (hits.OrderIds.Count == 0)
        {
            return new OrderSearchResult(hits.Total, number, size, [], hits.TotalIsCapped);
        }

        var ids = hits.OrderIds.ToList();
        var rows = await db.Orders.AsNoTracking()
            .Where(o => ids.Contains(o.Id))
            .Select(o => new
            {
                o.Id,
                o.Number,
                Customer = new CustomerView(o.Customer.Code, o.Customer.Name, o.Customer.Email, o.Customer.Type),
                o.PlacedAt,
                Open = o.Lines.Sum(l => l.OpenQty),
                Allocated = o.Lines.Sum(l => l.AllocatedQty),
                Shipped = o.Lines.Sum(l => l.ShippedQty),
                Held = o.Lines.Any(l => l.OnHold && l.OpenQty > 0),
            })
            .ToDictionaryAsync(r => r.Id, cancellationToken);
        var orders = ids.Where(rows.ContainsKey).Select(id => rows[id])
            .Select(r => new OrderSummary(
                r.Number,
                r.Customer,
                OrderStatusRules.OrderStatusOf(r.Open, r.Open - r.Allocated, r.Allocated, r.Shipped, r.Held),
                r.PlacedAt,
                r.Open,
                r.Open - r.Allocated))
            .ToList();
        return new OrderSearchResult(hits.Total, number, size, orders, hits.TotalIsCapped);
    }
}
