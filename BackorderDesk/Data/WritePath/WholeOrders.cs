using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data.WritePath;

/// <summary>
/// Orders seen whole while their messages and counter figures are worked out. A SKU book holds only
/// its own SKU's open lines of an order; the order's other lines (other SKUs, closed lines) are read
/// in one query per 500 orders, never one per order, and shown on the order only while needed.
/// </summary>
internal sealed class WholeOrders
{
    private readonly Dictionary<SalesOrder, List<SalesOrderLine>> _lines;

    private WholeOrders(Dictionary<SalesOrder, List<SalesOrderLine>> lines) => _lines = lines;

    public static async Task<WholeOrders> ReadAsync(WarehouseDbContext db, IReadOnlyList<SalesOrder> orders, IReadOnlyList<SkuBook> books, CancellationToken ct)
    {
        var lines = new Dictionary<SalesOrder, List<SalesOrderLine>>(ReferenceEqualityComparer.Instance);
        if (orders.Count == 0)
        {
            return new WholeOrders(lines);
        }

        var byId = orders.ToDictionary(o => o.Id);
        foreach (var order in orders)
        {
            lines[order] = [];
        }

        // The books' lines are the current ones (the command changed them in memory).
        foreach (var line in books.SelectMany(b => b.OpenLines))
        {
            if (byId.TryGetValue(line.OrderId, out var order))
            {
                lines[order].Add(line);
            }
        }

        var skuIds = books.Select(b => b.Sku.Id).ToList();
        foreach (var chunk in byId.Keys.Chunk(500))
        {
            var others = await db.OrderLines.AsNoTracking()
                .Include(l => l.Sku)
                .Where(l => chunk.Contains(l.OrderId) && !(skuIds.Contains(l.SkuId) && l.OpenQty > 0))
                .ToListAsync(ct);
            foreach (var line in others)
            {
                lines[byId[line.OrderId]].Add(line);
            }
        }

        foreach (var list in lines.Values)
        {
            list.Sort((a, b) => a.LineNumber.CompareTo(b.LineNumber));
        }

        return new WholeOrders(lines);
    }

    public IReadOnlyList<SalesOrderLine> LinesOf(SalesOrder order) => _lines[order];

    /// <summary>Shows each order with all its lines until disposed; then each holds its book's lines again.</summary>
    public IDisposable Seen()
    {
        var held = _lines.ToDictionary(o => o.Key, o => o.Key.ReplaceLines(o.Value));
        return new Restore(held);
    }

    private sealed class Restore(Dictionary<SalesOrder, List<SalesOrderLine>> held) : IDisposable
    {
        public void Dispose()
        {
            foreach (var (order, lines) in held)
            {
                order.ReplaceLines(lines);
            }
        }
    }
}
