using BackorderDesk.Data;
using BackorderDesk.Features.Orders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.CustomerService;

/// <summary>
/// The desk's search as the agent types: orders whose number, or whose customer's email, name,
/// surname or code, starts with the text (any case), newest first. Prefixes rather than the API's
/// substring search (SearchOrders) because each is an index range on any provider: a keystroke on
/// a million order lines costs milliseconds, not a scan of every order.
/// </summary>
public sealed class DeskSearch(IDbContextFactory<WarehouseDbContext> factory)
{
    public const int MinLength = 2;
    public const int MaxResults = 8;

    /// <summary>At most this many customers per key; a two-letter prefix narrows as the agent types on.</summary>
    private const int MaxCustomersPerKey = 50;

    // Sorts after every character a key can hold, so [text, text + End) is "starts with text".
    private const string End = "\uffff";

    public async Task<IReadOnlyList<OrderSummary>> HandleAsync(string? query, CancellationToken cancellationToken)
    {
        var text = query?.Trim() ?? "";
        if (text.Length < MinLength || text.Length > 200)
        {
            return [];
        }

        var lower = text.ToLowerInvariant();
        var lowerEnd = lower + End;
        var upper = text.ToUpperInvariant();
        var upperEnd = upper + End;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var customers = db.Customers.AsNoTracking();
        var customerIds = new HashSet<int>();
        customerIds.UnionWith(await customers.Where(c => c.EmailKey.CompareTo(lower) >= 0 && c.EmailKey.CompareTo(lowerEnd) < 0)
            .OrderBy(c => c.EmailKey).Select(c => c.Id).Take(MaxCustomersPerKey).ToListAsync(cancellationToken));
        customerIds.UnionWith(await customers.Where(c => c.NameKey.CompareTo(lower) >= 0 && c.NameKey.CompareTo(lowerEnd) < 0)
            .OrderBy(c => c.NameKey).Select(c => c.Id).Take(MaxCustomersPerKey).ToListAsync(cancellationToken));
        customerIds.UnionWith(await customers.Where(c => c.SurnameKey.CompareTo(lower) >= 0 && c.SurnameKey.CompareTo(lowerEnd) < 0)
            .OrderBy(c => c.SurnameKey).Select(c => c.Id).Take(MaxCustomersPerKey).ToListAsync(cancellationToken));
        customerIds.UnionWith(await customers.Where(c => (c.Code.CompareTo(upper) >= 0 && c.Code.CompareTo(upperEnd) < 0) || (c.Code.CompareTo(text) >= 0 && c.Code.CompareTo(text + End) < 0))
            .OrderBy(c => c.Code).Select(c => c.Id).Take(MaxCustomersPerKey).ToListAsync(cancellationToken));
        var orderIds = await db.Orders.AsNoTracking()
            .Where(o => (o.Number.CompareTo(upper) >= 0 && o.Number.CompareTo(upperEnd) < 0) || (o.Number.CompareTo(text) >= 0 && o.Number.CompareTo(text + End) < 0))
            .OrderBy(o => o.Number).Select(o => o.Id).Take(MaxResults)
            .ToListAsync(cancellationToken);

        var ids = customerIds.ToList();
        var rows = await db.Orders.AsNoTracking()
            .Where(o => orderIds.Contains(o.Id) || ids.Contains(o.CustomerId))
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
            .Select(r => new OrderSummary(r.Number, r.Customer, GetOrder.StatusOf(r.Open, r.Open - r.Allocated, r.Allocated, r.Shipped, r.Held), r.PlacedAt, r.Open, r.Open - r.Allocated))
            .ToList();
    }

    /// <summary>Fills the keys of customers stored before they existed (once, at start-up; new rows get them from the domain).</summary>
    public static async Task BackfillKeysAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var batch = await db.Customers.Where(c => c.NameKey == "").OrderBy(c => c.Id).Take(2000).ToListAsync(cancellationToken);
            if (batch.Count == 0)
            {
                return;
            }

            foreach (var customer in batch)
            {
                customer.RefreshSearchKeys();
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
