using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Orders;

/// <summary>Loads an order named in the route inside a write command (tracked, lines with their SKUs).</summary>
internal static class OrderLookup
{
    /// <exception cref="NotFoundException">No order has this number.</exception>
    public static async Task<SalesOrder> LoadOrderAsync(this WriteScope scope, string number, CancellationToken ct) =>
        await scope.Db.Orders
            .Include(o => o.Lines).ThenInclude(l => l.Sku)
            .Include(o => o.Lines).ThenInclude(l => l.Allocations.Where(a => a.LiveQty > 0))
            .Include(o => o.Customer)
            .AsSplitQuery()
            .FirstOrDefaultAsync(o => o.Number == number, ct)
        ?? throw new NotFoundException($"Order {number} does not exist. Check the number, or search with GET /api/orders?query=.");

    /// <exception cref="NotFoundException">The order has no such line.</exception>
    public static SalesOrderLine Line(this SalesOrder order, int lineNumber) =>
        order.Lines.FirstOrDefault(l => l.LineNumber == lineNumber)
        ?? throw new NotFoundException($"Order {order.Number} has no line {lineNumber}; its lines are 1 to {order.Lines.Count}.");
}
