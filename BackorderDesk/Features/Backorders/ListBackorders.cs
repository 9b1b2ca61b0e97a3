using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Backorders;

/// <summary>How long a line has waited, in whole days since it went on backorder.</summary>
public enum AgeBucket
{
    /// <summary>0–7 days.</summary>
    UpToWeek,

    /// <summary>8–14 days.</summary>
    TwoWeeks,

    /// <summary>15–30 days.</summary>
    Month,

    /// <summary>More than 30 days.</summary>
    OverMonth,
}

public enum BackorderSort
{
    Age,
    Order,
    Customer,
    Client,
    Sku,
    Priority,
    PlacedAt,
    Waiting,
    Eta,
}

/// <summary>The filters of the waiting-lines view; every one is optional and they combine with AND.</summary>
public sealed record BackorderFilter(
    string? Client = null,
    string? Sku = null,
    OrderPriority? Priority = null,
    AgeBucket? Age = null,
    ShipPolicy? ShipPolicy = null,
    bool? OnHold = null,
    bool RollingOnly = false,
    bool EtaUnconfirmedOnly = false)
{
    public bool IsEmpty => this == new BackorderFilter();
}

public sealed record BackorderQuery(BackorderFilter Filter, BackorderSort Sort = BackorderSort.Age, bool Descending = true, int Page = 0, int PageSize = 25);

public sealed record BackorderRow(
    string OrderNumber,
    int LineNumber,
    string Customer,
    string Client,
    string Sku,
    OrderPriority Priority,
    DateTime PlacedAt,
    int OrderedQty,
    int AllocatedQty,
    int WaitingQty,
    int AgeDays,
    DateOnly? EtaFrom,
    DateOnly? EtaTo,
    bool EtaConfirmed,
    bool OnHold,
    bool RollingBackorder,
    bool ShipComplete);

/// <param name="AnythingWaiting">Whether any line waits at all, filters aside: tells "all served" from "no match".</param>
public sealed record BackorderList(IReadOnlyList<BackorderRow> Rows, int TotalCount, bool AnythingWaiting);

/// <summary>
/// Every waiting line across SKUs (open units not yet allocated), filtered, sorted and paged in SQL.
/// Age is whole days since <c>BackorderedAt</c> by the injected clock; the age buckets become
/// cut-off instants so the database compares plain timestamps.
/// </summary>
public sealed class ListBackorders(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    public const int MaxPageSize = 200;

    public async Task<BackorderList> HandleAsync(BackorderQuery query, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var pageSize = Math.Clamp(query.PageSize, 1, MaxPageSize);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var waiting = Waiting(db);
        var filtered = Apply(waiting, query.Filter, now);

        var total = await filtered.CountAsync(cancellationToken);
        var anything = total > 0 || await waiting.AnyAsync(cancellationToken);
        var rows = await Sort(filtered, query.Sort, query.Descending)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(l => new
            {
                l.Order.Number,
                l.LineNumber,
                Customer = l.Order.Customer.Name,
                Client = l.Order.Client.Code,
                Sku = l.Sku.Code,
                l.Order.Priority,
                l.Order.PlacedAt,
                l.OrderedQty,
                l.AllocatedQty,
                Waiting = l.WaitingQty,
                l.BackorderedAt,
                l.EtaFrom,
                l.EtaTo,
                l.EtaConfirmed,
                l.OnHold,
                l.EtaSlips,
                l.Order.ShipPolicy,
            })
            .ToListAsync(cancellationToken);

        return new BackorderList(
            rows.Select(r => new BackorderRow(
                    r.Number,
                    r.LineNumber,
                    r.Customer,
                    r.Client,
                    r.Sku,
                    r.Priority,
                    r.PlacedAt,
                    r.OrderedQty,
                    r.AllocatedQty,
                    r.Waiting,
                    AgeDays(r.BackorderedAt, now),
                    r.EtaFrom,
                    r.EtaTo,
                    r.EtaConfirmed,
                    r.OnHold,
                    r.EtaSlips >= 2,
                    r.ShipPolicy == ShipPolicy.ShipComplete))
                .ToList(),
            total,
            anything);
    }

    /// <summary>Open units not yet allocated: the lines that wait.</summary>
    internal static IQueryable<SalesOrderLine> Waiting(WarehouseDbContext db) =>
        db.OrderLines.AsNoTracking().Where(l => l.WaitingQty > 0);

    public static int AgeDays(DateTime? backorderedAt, DateTime now) =>
        backorderedAt is { } at && now > at ? (int)(now - at).TotalDays : 0;

    /// <summary>The waiting lines the filter selects (the grid's rows, and the <c>backorders</c> export's).</summary>
    internal static IQueryable<SalesOrderLine> Apply(IQueryable<SalesOrderLine> lines, BackorderFilter filter, DateTime now)
    {
        if (!string.IsNullOrWhiteSpace(filter.Client))
        {
            var client = filter.Client.Trim();
            lines = lines.Where(l => l.Order.Client.Code == client);
        }

        if (!string.IsNullOrWhiteSpace(filter.Sku))
        {
            var sku = filter.Sku.Trim();
            lines = lines.Where(l => l.Sku.Code.Contains(sku));
        }

        if (filter.Priority is { } priority)
        {
            lines = lines.Where(l => l.Order.Priority == priority);
        }

        if (filter.ShipPolicy is { } policy)
        {
            lines = lines.Where(l => l.Order.ShipPolicy == policy);
        }

        if (filter.OnHold is { } onHold)
        {
            lines = lines.Where(l => l.OnHold == onHold);
        }

        if (filter.RollingOnly)
        {
            lines = lines.Where(l => l.EtaSlips >= 2);
        }

        if (filter.EtaUnconfirmedOnly)
        {
            lines = lines.Where(l => !l.EtaConfirmed);
        }

        if (filter.Age is { } age)
        {
            // Age in whole days d is at most n exactly when BackorderedAt > now - (n + 1) days.
            var (youngest, oldest) = age switch
            {
                AgeBucket.UpToWeek => (0, 7),
                AgeBucket.TwoWeeks => (8, 14),
                AgeBucket.Month => (15, 30),
                _ => (31, int.MaxValue),
            };
            var notOlderThan = oldest == int.MaxValue ? (DateTime?)null : now.AddDays(-(oldest + 1));
            var atLeast = now.AddDays(-youngest);
            lines = youngest == 0
                ? lines.Where(l => l.BackorderedAt == null || l.BackorderedAt > notOlderThan)
                : notOlderThan is null
                    ? lines.Where(l => l.BackorderedAt <= atLeast)
                    : lines.Where(l => l.BackorderedAt <= atLeast && l.BackorderedAt > notOlderThan);
        }

        return lines;
    }

    internal static IQueryable<SalesOrderLine> Sort(IQueryable<SalesOrderLine> lines, BackorderSort sort, bool descending)
    {
        // Age descending (the default) is oldest first: the earliest BackorderedAt.
        var ordered = sort switch
        {
            BackorderSort.Age => descending ? lines.OrderBy(l => l.BackorderedAt) : lines.OrderByDescending(l => l.BackorderedAt),
            BackorderSort.Order => descending ? lines.OrderByDescending(l => l.Order.Number) : lines.OrderBy(l => l.Order.Number),
            BackorderSort.Customer => descending ? lines.OrderByDescending(l => l.Order.Customer.Name) : lines.OrderBy(l => l.Order.Customer.Name),
            BackorderSort.Client => descending ? lines.OrderByDescending(l => l.Order.Client.Code) : lines.OrderBy(l => l.Order.Client.Code),
            BackorderSort.Sku => descending ? lines.OrderByDescending(l => l.Sku.Code) : lines.OrderBy(l => l.Sku.Code),
            BackorderSort.Priority => descending ? lines.OrderByDescending(l => l.Order.Priority) : lines.OrderBy(l => l.Order.Priority),
            BackorderSort.PlacedAt => descending ? lines.OrderByDescending(l => l.Order.PlacedAt) : lines.OrderBy(l => l.Order.PlacedAt),
            BackorderSort.Waiting => descending
                ? lines.OrderByDescending(l => l.WaitingQty)
                : lines.OrderBy(l => l.WaitingQty),
            _ => descending ? lines.OrderByDescending(l => l.EtaTo) : lines.OrderBy(l => l.EtaTo),
        };

        // A stable tie-break in queue order, so pages never overlap.
        return ordered.ThenBy(l => l.Order.Priority).ThenBy(l => l.Order.PlacedAt).ThenBy(l => l.Order.Number).ThenBy(l => l.LineNumber);
    }
}
