using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Orders;

public sealed record OrderSummary(string Number, CustomerView Customer, OrderStatus Status, DateTime PlacedAt, int OpenQty, int WaitingQty);

/// <summary>
/// Finds orders by a case-insensitive substring of the order number, customer code, email or name,
/// newest first, at most <see cref="MaxResults"/>. No query lists the newest orders: the customer
/// service page opens on them.
/// </summary>
public sealed class SearchOrders(IDbContextFactory<WarehouseDbContext> factory)
{
    public const int MaxResults = 50;

    public async Task<IReadOnlyList<OrderSummary>> HandleAsync(string? query, CancellationToken cancellationToken)
    {
        new InputCheck().That(query is null || query.Length <= 200, "query", "query must be at most 200 characters.").ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var orders = db.Orders.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query))
        {
            // Lower-cased columns against a lower-cased pattern: the same on SQLite and PostgreSQL
            // (SQLite's LIKE folds ASCII only; PostgreSQL's is case-sensitive). Wildcards typed by
            // the user are escaped so that "50%" finds "50%".
            var pattern = "%" + Escape(query.Trim().ToLowerInvariant()) + "%";
            orders = orders.Where(o =>
                EF.Functions.Like(o.Number.ToLower(), pattern, "\\")
                || EF.Functions.Like(o.Customer.Code.ToLower(), pattern, "\\")
                || EF.Functions.Like(o.Customer.Name.ToLower(), pattern, "\\")
                || (o.Customer.Email != null && EF.Functions.Like(o.Customer.Email.ToLower(), pattern, "\\")));
        }

        var rows = await orders
            .OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id)
            .Take(MaxResults)
            .Select(o => new
            {
                o.Number,
                Customer = new CustomerView(o.Customer.Code, o.Customer.Name, o.Customer.Email, o.Customer.Type),
                o.PlacedAt,
                Open = o.Lines.Sum(l => l.OrderedQty - l.ShippedQty - l.CancelledQty),
                Allocated = o.Lines.Sum(l => l.AllocatedQty),
                Shipped = o.Lines.Sum(l => l.ShippedQty),
                Held = o.Lines.Any(l => l.OnHold && l.OrderedQty - l.ShippedQty - l.CancelledQty > 0),
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new OrderSummary(
                r.Number,
                r.Customer,
                GetOrder.StatusOf(r.Open, r.Open - r.Allocated, r.Allocated, r.Shipped, r.Held),
                r.PlacedAt,
                r.Open,
                r.Open - r.Allocated))
            .ToList();
    }

    private static string Escape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
