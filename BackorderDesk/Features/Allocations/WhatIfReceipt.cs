using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Allocations;

public sealed record WhatIfLine(int Position, string OrderNumber, int LineNumber, string Customer, OrderPriority Priority, int Qty, int StillWaiting, string Rule);

/// <summary>What a receipt of <c>Qty</c> units would do now: lines filled, cross-dock and shelf units, orders made shippable.</summary>
public sealed record WhatIfAnswer(string Sku, int Qty, int Available, IReadOnlyList<WhatIfLine> Lines, int CrossDockQty, int PutawayQty, int OrdersBecomingShippable, int LinesStillWaiting);

/// <summary>
/// Runs the real allocation rules on a throw-away copy of the SKU's book: a context whose changes
/// are never saved, so nothing is committed and nobody is notified.
/// </summary>
public sealed class WhatIfReceipt(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options)
{
    public async Task<WhatIfAnswer> HandleAsync(string skuCode, int? qty, CancellationToken cancellationToken)
    {
        new InputCheck().Quantity("qty", qty).ThrowIfInvalid();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var sku = await db.Skus.FirstOrDefaultAsync(s => s.Code == skuCode, cancellationToken)
            ?? throw new NotFoundException($"SKU {skuCode} does not exist.");
        var book = await SkuBooks.LoadAsync(db, sku, cancellationToken);

        // Other lines of the orders in this queue decide whether a ship-complete order becomes shippable.
        var orderIds = book.OpenLines.Select(l => l.OrderId).Distinct().ToList();
        await db.OrderLines.Where(l => orderIds.Contains(l.OrderId)).LoadAsync(cancellationToken);
        var shippableBefore = book.OpenLines.Select(l => l.Order).Distinct().Where(o => o.IsShippable).ToHashSet();

        var now = time.GetUtcNow().UtcDateTime;
        var available = sku.Available;
        var operation = new OperationContext(now, DateOnly.FromDateTime(now), options.CurrentValue.HandlingWorkingDays, new ChangeSet());
        var outcome = WarehouseOperations.Receive(book, qty!.Value, "what-if", null, operation);
        var lines = outcome.Allocations
            .Select(a => new WhatIfLine(a.QueuePosition, a.Line.Order.Number, a.Line.LineNumber, a.Line.Order.Customer.Name, a.Line.Order.Priority, a.Qty, a.Line.WaitingQty, a.Rule))
            .ToList();
        var becameShippable = outcome.Allocations.Select(a => a.Line.Order).Distinct().Count(o => o.IsShippable && !shippableBefore.Contains(o));
        return new WhatIfAnswer(sku.Code, qty.Value, available, lines, outcome.CrossDockQty, outcome.PutawayQty, becameShippable, book.Queue.Count);
    }
}
