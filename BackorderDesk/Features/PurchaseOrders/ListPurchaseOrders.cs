using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.PurchaseOrders;

/// <summary>
/// One purchase order in the list. Quantities are sums over its lines; <see cref="OpenValue"/> is
/// open units × the SKU's unit cost; <see cref="NextExpected"/> the earliest expected date of an open line.
/// </summary>
public sealed record PurchaseOrderRow(
    string Number,
    string Supplier,
    string SupplierName,
    DateTime OrderedAt,
    int Lines,
    int OrderedQty,
    int ReceivedQty,
    int CancelledQty,
    int OpenQty,
    int LateLines,
    DateOnly? NextExpected,
    decimal OpenValue)
{
    public bool IsOpen => OpenQty > 0;

    public bool IsLate => LateLines > 0;
}

public sealed record PurchaseOrderList(IReadOnlyList<PurchaseOrderRow> Rows, int Total, bool AnyPurchaseOrders);

/// <summary>
/// The purchase-order list: status, supplier, client and number filters, newest first, paged in SQL.
/// "Late" compares open lines' expected dates with today by the injected clock.
/// </summary>
public sealed class ListPurchaseOrders(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    public async Task<PurchaseOrderList> HandleAsync(PurchaseOrderQuery query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var filtered = Filter(db, query, today);
        var total = await filtered.CountAsync(cancellationToken);
        var any = total > 0 || await db.PurchaseOrders.AnyAsync(cancellationToken);
        if (total == 0)
        {
            return new PurchaseOrderList([], 0, any);
        }

        var pageSize = Math.Clamp(query.PageSize, 1, PurchaseOrderQuery.MaxPageSize);
        var rows = await Project(filtered.OrderByDescending(p => p.OrderedAt).ThenByDescending(p => p.Number)
                .Skip((int)Math.Min((long)Math.Max(0, query.Page) * pageSize, int.MaxValue))
                .Take(pageSize), today)
            .ToListAsync(cancellationToken);
        return new PurchaseOrderList(await WithValuesAsync(db, rows, cancellationToken), total, any);
    }

    /// <summary>Every row the filters select, newest first: the <c>purchase-orders</c> export.</summary>
    public async Task<IReadOnlyList<PurchaseOrderRow>> AllAsync(PurchaseOrderQuery query, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var rows = await Project(Filter(db, query, today).OrderByDescending(p => p.OrderedAt).ThenByDescending(p => p.Number), today)
            .ToListAsync(cancellationToken);
        return await WithValuesAsync(db, rows, cancellationToken);
    }

    /// <summary>The choices of the supplier and client filters.</summary>
    public async Task<(IReadOnlyList<string> Suppliers, IReadOnlyList<string> Clients)> FilterChoicesAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var suppliers = await db.Suppliers.OrderBy(s => s.Code).Select(s => s.Code).ToListAsync(cancellationToken);
        var clients = await db.Clients.OrderBy(c => c.Code).Select(c => c.Code).ToListAsync(cancellationToken);
        return (suppliers, clients);
    }

    private static IQueryable<PurchaseOrder> Filter(WarehouseDbContext db, PurchaseOrderQuery query, DateOnly today)
    {
        var orders = db.PurchaseOrders.AsNoTracking();
        orders = query.Status switch
        {
            PurchaseOrderStatus.Open => orders.Where(p => p.Lines.Any(l => l.OpenQty > 0)),
            PurchaseOrderStatus.Late => orders.Where(p => p.Lines.Any(l => l.OpenQty > 0 && l.ExpectedDate < today)),
            PurchaseOrderStatus.Received => orders.Where(p => !p.Lines.Any(l => l.OpenQty > 0)),
            _ => orders,
        };

        if (query.Supplier is { } supplier)
        {
            orders = orders.Where(p => p.Supplier.Code == supplier);
        }

        if (query.Client is { } client)
        {
            orders = orders.Where(p => p.Lines.Any(l => l.Sku.Client.Code == client));
        }

        if (query.Search is { Length: > 0 } search)
        {
            var text = search.Trim().ToLowerInvariant();
            orders = orders.Where(p => p.Number.ToLower().Contains(text));
        }

        return orders;
    }

    private static IQueryable<PurchaseOrderRow> Project(IQueryable<PurchaseOrder> orders, DateOnly today) =>
        orders.Select(p => new PurchaseOrderRow(
            p.Number,
            p.Supplier.Code,
            p.Supplier.Name,
            p.OrderedAt,
            p.Lines.Count(),
            p.Lines.Sum(l => l.Qty),
            p.Lines.Sum(l => l.ReceivedQty),
            p.Lines.Sum(l => l.CancelledQty),
            p.Lines.Sum(l => l.OpenQty),
            p.Lines.Count(l => l.OpenQty > 0 && l.ExpectedDate < today),
            p.Lines.Where(l => l.OpenQty > 0).Min(l => (DateOnly?)l.ExpectedDate),
            0m));

    // SQLite keeps decimals as text and cannot sum them, so open value is added up here from the open lines.
    private static async Task<IReadOnlyList<PurchaseOrderRow>> WithValuesAsync(WarehouseDbContext db, List<PurchaseOrderRow> rows, CancellationToken cancellationToken)
    {
        var open = rows.Where(r => r.OpenQty > 0).Select(r => r.Number).ToList();
        if (open.Count == 0)
        {
            return rows;
        }

        var values = new Dictionary<string, decimal>();
        foreach (var chunk in open.Chunk(500))
        {
            var lines = await db.PurchaseOrderLines.AsNoTracking()
                .Where(l => chunk.Contains(l.PurchaseOrder.Number) && l.OpenQty > 0)
                .Select(l => new { l.PurchaseOrder.Number, Open = l.OpenQty, l.Sku.UnitCost })
                .ToListAsync(cancellationToken);
            foreach (var line in lines)
            {
                values[line.Number] = values.GetValueOrDefault(line.Number) + (line.Open * line.UnitCost);
            }
        }

        return rows.Select(r => r with { OpenValue = values.GetValueOrDefault(r.Number) }).ToList();
    }
}
