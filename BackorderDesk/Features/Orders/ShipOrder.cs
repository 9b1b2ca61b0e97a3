using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Orders;

public sealed record ShipmentLineInput(int? LineNumber, int? Qty);

/// <param name="Lines">What to ship; everything allocated (and not on hold) when absent.</param>
public sealed record ShipmentRequest(string? OrderNumber, IReadOnlyList<ShipmentLineInput?>? Lines);

public sealed record ShippedLine(int LineNumber, string Sku, int Qty);

/// <summary>What left the warehouse, and the order as it stands afterwards.</summary>
public sealed record ShipmentAnswer(string OrderNumber, DateTime ShippedAt, IReadOnlyList<ShippedLine> Lines, OrderView Order);

/// <summary>
/// Ships allocated units of an order: ledger rows, the lines' progress and the order's shipped
/// state in one write. A ShipComplete order ships only when nothing waits (WarehouseOperations.Ship).
/// </summary>
public sealed class ShipOrder(WarehouseWriter writer, GetOrder getOrder)
{
    public async Task<ShipmentAnswer> HandleAsync(ShipmentRequest request, CancellationToken cancellationToken)
    {
        var (shippedAt, shipped) = await ShipAsync(request, cancellationToken);
        return new ShipmentAnswer(request.OrderNumber!.Trim(), shippedAt, shipped, await getOrder.HandleAsync(request.OrderNumber!.Trim(), cancellationToken));
    }

    /// <summary>Ships and answers when and what, without reading the order's view back (for callers that ship many).</summary>
    public Task<(DateTime ShippedAt, IReadOnlyList<ShippedLine> Lines)> ShipAsync(ShipmentRequest request, CancellationToken cancellationToken)
    {
        var check = new InputCheck().Code("orderNumber", request.OrderNumber);
        if (request.Lines is { } lines)
        {
            check.That(lines.Count is >= 1 and <= PlaceOrder.MaxLines, "lines", $"lines must list 1 to {PlaceOrder.MaxLines} lines, or be left out to ship everything allocated.");
            for (var i = 0; i < lines.Count && i < PlaceOrder.MaxLines; i++)
            {
                if (lines[i] is not { } line)
                {
                    check.That(false, $"lines[{i}]", $"lines[{i}] is required: {{ lineNumber, qty }}.");
                    continue;
                }

                check.That(line.LineNumber is >= 1, $"lines[{i}].lineNumber", $"lines[{i}].lineNumber is required: a line number from 1.")
                    .Quantity($"lines[{i}].qty", line.Qty);
            }

            var repeated = lines.Where(l => l?.LineNumber is not null).GroupBy(l => l!.LineNumber).FirstOrDefault(g => g.Count() > 1);
            check.That(repeated is null, "lines", $"Line {repeated?.Key} is listed more than once; send one entry per line.");
        }

        check.ThrowIfInvalid();
        var number = request.OrderNumber!.Trim();
        var requested = request.Lines?.Select(l => (l!.LineNumber!.Value, l.Qty!.Value)).ToList();
        return writer.WriteAsync((scope, ct) => ApplyAsync(scope, number, requested, ct), cancellationToken);
    }

    private static async Task<(DateTime, IReadOnlyList<ShippedLine>)> ApplyAsync(WriteScope scope, string number, IReadOnlyList<(int LineNumber, int Qty)>? requested, CancellationToken ct)
    {
        // The order is named in the body, so an unknown one is a 422, not a 404 of the route.
        if (!await scope.Db.Orders.AnyAsync(o => o.Number == number, ct))
        {
            throw new DomainException($"Order {number} does not exist. Check the order number.", "orderNumber");
        }

        var order = await scope.LoadOrderAsync(number, ct);
        for (var i = 0; i < (requested?.Count ?? 0); i++)
        {
            var (lineNumber, qty) = requested![i];
            var line = order.Lines.FirstOrDefault(l => l.LineNumber == lineNumber)
                ?? throw new DomainException($"Order {number} has no line {lineNumber}; its lines are 1 to {order.Lines.Count}.", $"lines[{i}].lineNumber");
            if (qty > line.AllocatedQty)
            {
                throw new DomainException($"Line {lineNumber} of {number} has {line.AllocatedQty} allocated; {qty} cannot ship.", $"lines[{i}].qty");
            }
        }

        var shippedBefore = order.Lines.ToDictionary(l => l.LineNumber, l => l.ShippedQty);
        WarehouseOperations.Ship(order, requested, scope.Operation);
        var shipped = order.Lines
            .Where(l => l.ShippedQty > shippedBefore[l.LineNumber])
            .Select(l => new ShippedLine(l.LineNumber, l.Sku.Code, l.ShippedQty - shippedBefore[l.LineNumber]))
            .ToList();
        return (scope.Now, shipped);
    }
}
