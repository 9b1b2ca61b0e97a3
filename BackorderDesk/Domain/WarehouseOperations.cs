namespace BackorderDesk.Domain;

/// <summary>
/// The warehouse's operations over loaded SKU books: each one applies a rule of docs/rules.md, runs
/// allocation when availability can rise, refreshes the ETAs of the SKU's waiting lines and records
/// what happened on the orders' timelines. Pure and in memory: the caller owns the transaction.
/// </summary>
public static class WarehouseOperations
{
    /// <summary>
    /// Places an order whose lines were added with <see cref="SalesOrder.AddLine"/>: each line takes
    /// available stock at once and queues for the rest. Throws <see cref="DomainException"/> (nothing
    /// to persist) when a SKU cannot be sold.
    /// </summary>
    public static void PlaceOrder(SalesOrder order, IReadOnlyDictionary<Sku, SkuBook> books, OperationContext op)
    {
        var (at, today, changes) = (op.Now, op.Today, op.Changes);
        foreach (var line in order.Lines)
        {
            var sku = line.Sku;
            if (sku.Policy == SellingPolicy.Discontinued)
            {
                throw new DomainException($"{sku.Code} is discontinued and takes no new orders.", $"lines[{line.LineNumber - 1}].sku");
            }

            if (sku.Policy == SellingPolicy.StopSelling && order.Lines.Where(l => l.Sku == sku).Sum(l => l.OrderedQty) > sku.Available)
            {
                throw new DomainException(
                    sku.Available == 0
                        ? $"{sku.Code} is out of stock and not sold on backorder. Offer a restock notice instead."
                        : $"{sku.Code} is not sold on backorder and only {sku.Available} are available.",
                    $"lines[{line.LineNumber - 1}].qty");
            }
        }

        order.Record(TimelineKind.Placed, at, $"Order placed with {order.Lines.Count} line(s) through {order.Channel}.");
        var context = new AllocationContext(AllocationCause.Placement, order.Number, at);
        foreach (var line in order.Lines)
        {
            var book = books[line.Sku];
            book.OpenLines.Add(line);
            changes.TouchedSkus.Add(line.Sku);
            if (line.Sku.IsReleasedOn(today) && line.Sku.Available > 0)
            {
                var qty = Math.Min(line.WaitingQty, line.Sku.Available);
                var allocation = AllocationEngine.AllocateAtPlacement(line, book.OpenLines, qty, context);
                changes.Allocations.Add(allocation);
            }

            line.MarkBackorderedIfWaiting(at);
        }

        var promised = EtaCalculator.AddWorkingDays(today, op.HandlingDays);
        foreach (var book in order.Lines.Select(l => books[l.Sku]).Distinct())
        {
            RefreshEtas(book, $"quoted at placement of {order.Number}", op);
        }

        foreach (var line in order.Lines.Where(l => l.WaitingQty > 0))
        {
            var eta = line.EtaTo is { } to ? $"; expected {line.EtaFrom:MMM d}–{to:MMM d}" : "; no date can be promised yet";
            order.Record(TimelineKind.Backordered, at, $"{line.WaitingQty} of {line.Sku.Code} on backorder{eta}.", lineNumber: line.LineNumber);
            if (line.EtaTo is { } lineTo && lineTo > promised)
            {
                promised = lineTo;
            }
        }

        order.CompletePlacement(promised);
        changes.PlacedOrders.Add(order);
    }

    /// <summary>
    /// Receives units (a scan): a ledger row, the PO line's progress, then allocation of the new stock
    /// to at most <paramref name="maxLines"/> lines. When lines were left waiting for units on the shelf,
    /// <see cref="ReceiptOutcome.Settled"/> is false and <see cref="ContinueAllocation"/> serves the rest
    /// (in its own commit, so that a delivery filling thousands of lines does not hold up every other write).
    /// </summary>
    public static ReceiptOutcome Receive(SkuBook book, int qty, string scanId, PurchaseOrderLine? poLine, OperationContext op, int maxLines = int.MaxValue)
    {
        var (at, changes) = (op.Now, op.Changes);
        if (qty is < 1 or > 1_000_000)
        {
            throw new DomainException("A receipt quantity must be between 1 and 1,000,000.", "qty");
        }

        var movement = book.Sku.Move(MovementKind.Receipt, qty, at, $"Receipt scan {scanId}");
        movement.ScanId = scanId;
        changes.Movements.Add(movement);
        changes.TouchedSkus.Add(book.Sku);

        // A receipt counts against the named PO line, or else the open lines by expected date.
        var remaining = qty;
        IEnumerable<PurchaseOrderLine> receiving = ReceivingOrder(book, poLine);
        foreach (var line in receiving)
        {
            remaining -= line.Receive(remaining, at);
            movement.PurchaseOrderLineId ??= line.Id == 0 ? null : line.Id;
            if (remaining == 0)
            {
                break;
            }
        }

        book.OpenPoLines.RemoveAll(p => p.OpenQty == 0);
        var context = ReceiptContext(scanId, at);
        var allocations = Allocate(book, context, op, maxLines);
        var crossDocked = Math.Min(qty, allocations.Sum(a => a.Qty));
        return new ReceiptOutcome(allocations, crossDocked, qty - crossDocked, IsSettled(book, allocations, maxLines));
    }

    /// <summary>The purchase-order lines a receipt counts against, in turn: the one named, or else the open lines by expected date.</summary>
    public static IEnumerable<PurchaseOrderLine> ReceivingOrder(SkuBook book, PurchaseOrderLine? named) =>
        named is not null ? [named] : book.OpenPoLines.Where(p => p.OpenQty > 0).OrderBy(p => p.ExpectedDate).ThenBy(p => p.Id);

    /// <summary>How a receipt's units are allocated: cross-docked, with the scan as the reason.</summary>
    public static AllocationContext ReceiptContext(string scanId, DateTime at) => new(AllocationCause.Receipt, scanId, at, CrossDock: true);

    /// <summary>Serves the next <paramref name="maxLines"/> lines of a receipt that left units on the shelf while lines wait.</summary>
    public static ReceiptOutcome ContinueAllocation(SkuBook book, AllocationContext receipt, OperationContext op, int maxLines)
    {
        var allocations = Allocate(book, receipt with { At = op.Now }, op, maxLines);
        return new ReceiptOutcome(allocations, allocations.Sum(a => a.Qty), 0, IsSettled(book, allocations, maxLines));
    }

    // Settled: the run stopped because units or eligible lines ran out, not at the chunk's limit.
    private static bool IsSettled(SkuBook book, IReadOnlyList<Allocation> allocations, int maxLines) =>
        allocations.Count < maxLines || book.Sku.Available == 0 || !book.Queue.Any(l => !l.OnHold);

    /// <summary>
    /// Ships allocated units. Without <paramref name="lines"/>, everything allocated that is not on
    /// hold; a ShipComplete order only when complete and nothing open is on hold. A held line never
    /// ships (a payment or credit hold would be pointless otherwise). Every requested line is checked
    /// before any ships, so a refused shipment changes nothing.
    /// </summary>
    public static void Ship(SalesOrder order, IReadOnlyList<(int LineNumber, int Qty)>? lines, OperationContext op)
    {
        var (at, changes) = (op.Now, op.Changes);
        var open = order.Lines.Where(l => l.OpenQty > 0).ToList();
        if (order.ShipPolicy == ShipPolicy.ShipComplete && !open.All(l => l.WaitingQty == 0))
        {
            throw new DomainException($"{order.Number} ships complete and still has units waiting; it cannot ship yet.", "orderNumber");
        }

        if (order.ShipPolicy == ShipPolicy.ShipComplete && open.FirstOrDefault(l => l.OnHold) is { } held)
        {
            throw new DomainException($"{order.Number} ships complete and line {held.LineNumber} is on hold; release it first.", "orderNumber");
        }

        // A line on hold (a payment problem, a manual hold) does not ship until it is released; every
        // requested line is checked before anything ships, so a refused request ships nothing.
        var requested = lines ?? order.Lines.Where(l => l.AllocatedQty > 0 && !l.OnHold).Select(l => (l.LineNumber, l.AllocatedQty)).ToList();
        if (requested.Count == 0)
        {
            throw new DomainException($"{order.Number} has nothing allocated to ship.", "lines");
        }

        var shipping = requested.Select(r =>
        {
            var line = order.Lines.FirstOrDefault(l => l.LineNumber == r.LineNumber)
                ?? throw new DomainException($"{order.Number} has no line {r.LineNumber}.", "lines");
            if (line.OnHold)
            {
                throw new DomainException($"Line {r.LineNumber} of {order.Number} is on hold ({line.HoldReason}); release it before shipping.", "lines");
            }

            if (r.Qty < 1 || r.Qty > line.AllocatedQty)
            {
                throw new DomainException($"Line {r.LineNumber} of {order.Number} has {line.AllocatedQty} allocated; {r.Qty} cannot ship.", "qty");
            }

            return (Line: line, r.Qty);
        }).ToList();

        foreach (var (line, qty) in shipping)
        {
            changes.Movements.Add(line.Ship(qty, at));
            changes.TouchedSkus.Add(line.Sku);
            changes.Shipments.Add((line, qty));
            order.Record(TimelineKind.Shipped, at, $"Shipped {qty} of {line.Sku.Code}.", lineNumber: line.LineNumber);
        }

        order.RefreshShipped(at);
        changes.ShippedOrders.Add(order);
    }

    /// <summary>Cancels open units of a line; released units go to the next line in the queue at once.</summary>
    public static int CancelLine(SkuBook book, SalesOrderLine line, int? qty, string actor, OperationContext op)
    {
        var (at, changes) = (op.Now, op.Changes);
        var units = qty ?? line.OpenQty;
        var released = line.Cancel(units);
        line.Order.Record(TimelineKind.Cancelled, at, $"Cancelled {units} of {line.Sku.Code}.", actor, line.LineNumber);
        changes.TouchedSkus.Add(book.Sku);
        changes.Cancellations.Add((line, units));
        if (released > 0)
        {
            Allocate(book, new AllocationContext(AllocationCause.Cancellation, line.Order.Number, at), op);
        }
        else
        {
            RefreshEtas(book, $"cancellation on {line.Order.Number}", op);
        }

        return released;
    }

    /// <summary>An adjustment by a signed delta: down takes allocations back (rules.md R2.7), up allocates.</summary>
    public static void Adjust(SkuBook book, int delta, string reason, OperationContext op) =>
        MoveAndRebalance(book, MovementKind.Adjustment, delta, $"Adjustment: {reason}", AllocationCause.Adjustment, reason, op);

    /// <summary>A count: the difference to on hand is booked; fewer than allocated takes allocations back.</summary>
    public static void Count(SkuBook book, int counted, string reason, OperationContext op) =>
        MoveAndRebalance(book, MovementKind.Count, counted - book.Sku.OnHand, $"Count ({counted} counted): {reason}", AllocationCause.Count, reason, op);

    public static void Hold(SkuBook book, SalesOrderLine line, string reason, string actor, OperationContext op)
    {
        line.Hold(reason);
        line.Order.Record(TimelineKind.Held, op.Now, $"{line.Sku.Code} put on hold: {reason}.", actor, line.LineNumber);
        RefreshEtas(book, $"hold on {line.Order.Number}", op);
    }

    public static void ReleaseHold(SkuBook book, SalesOrderLine line, string actor, OperationContext op)
    {
        line.Release();
        line.Order.Record(TimelineKind.Released, op.Now, $"{line.Sku.Code} released from hold.", actor, line.LineNumber);
        Allocate(book, new AllocationContext(AllocationCause.HoldReleased, line.Order.Number, op.Now), op);
    }

    /// <summary>
    /// Allocates what is available to the queue (to at most <paramref name="maxLines"/> lines), then
    /// refreshes the ETAs of whoever still waits, once the run is complete.
    /// </summary>
    public static IReadOnlyList<Allocation> Allocate(SkuBook book, AllocationContext context, OperationContext op, int maxLines = int.MaxValue)
    {
        var allocations = AllocationEngine.Allocate(book.Sku, book.OpenLines, context, op.Today, maxLines);
        foreach (var allocation in allocations)
        {
            var line = allocation.Line;
            var state = line.WaitingQty == 0 ? "fully allocated" : $"{line.WaitingQty} still waiting";
            line.Order.Record(TimelineKind.Allocated, context.At, $"{allocation.Qty} of {line.Sku.Code} allocated ({Describe(context)}); {state}.", lineNumber: line.LineNumber);
        }

        op.Changes.Allocations.AddRange(allocations);
        op.Changes.TouchedSkus.Add(book.Sku);
        if (IsSettled(book, allocations, maxLines))
        {
            // Mid-run, the lines still to be served would be quoted dates they are about to lose.
            RefreshEtas(book, Describe(context), op with { Now = context.At });
        }

        return allocations;
    }

    /// <summary>
    /// Cancels what is still open on a purchase-order line: it leaves the SKU's on-order quantity and
    /// its inbound, and the waiting lines it covered get their ETAs recomputed from what remains.
    /// </summary>
    /// <returns>The units cancelled.</returns>
    public static int CancelPurchaseLine(SkuBook book, PurchaseOrderLine poLine, OperationContext op)
    {
        var units = poLine.OpenQty;
        poLine.Cancel(op.Now);
        book.OpenPoLines.RemoveAll(p => p == poLine || p.OpenQty == 0);
        op.Changes.TouchedSkus.Add(book.Sku);
        RefreshEtas(book, $"{poLine.PurchaseOrder.Number} line {book.Sku.Code} cancelled ({units} units)", op);
        return units;
    }

    /// <summary>Recomputes the ETA of every waiting line of the SKU; changes go to the line's ETA history.</summary>
    public static void RefreshEtas(SkuBook book, string reason, OperationContext op)
    {
        var (at, changes) = (op.Now, op.Changes);
        var queue = book.Queue;
        var etas = EtaCalculator.Compute(book.Sku, queue, book.OpenPoLines, op.Today, op.HandlingDays);
        foreach (var line in queue)
        {
            var eta = etas[line];
            if (line.SetEta(eta.From, eta.To, eta.Confirmed, at, $"{reason}: {eta.Basis}", eta.Arrival) is { } change)
            {
                changes.EtaChanges.Add(change);
                if (change.PreviousTo is not null)
                {
                    var text = eta.To is { } to ? $"ETA now {eta.From:MMM d}–{to:MMM d} ({change.Reason})." : $"No ETA can be given now ({change.Reason}).";
                    line.Order.Record(TimelineKind.EtaChanged, at, text, lineNumber: line.LineNumber);
                }
            }
        }
    }

    private static void MoveAndRebalance(SkuBook book, MovementKind kind, int delta, string cause, AllocationCause allocationCause, string reason, OperationContext op)
    {
        var (at, changes) = (op.Now, op.Changes);
        var sku = book.Sku;
        if (sku.OnHand + delta < 0)
        {
            throw new DomainException($"{sku.Code} has {sku.OnHand} on hand; it cannot go below zero.", kind == MovementKind.Count ? "countedQty" : "qtyDelta");
        }

        changes.TouchedSkus.Add(sku);
        foreach (var (line, qty) in AllocationEngine.TakeBack(sku, book.OpenLines, sku.OnHand + delta))
        {
            changes.TakenBack.Add((line, qty));
            line.MarkBackorderedIfWaiting(at);
            line.Order.Record(TimelineKind.Backordered, at, $"{qty} of {sku.Code} taken back ({cause}); waiting again in its place.", lineNumber: line.LineNumber);
        }

        changes.Movements.Add(sku.Move(kind, delta, at, cause));
        if (delta > 0)
        {
            Allocate(book, new AllocationContext(allocationCause, reason, at), op);
        }
        else
        {
            RefreshEtas(book, cause, op);
        }
    }

    private static string Describe(AllocationContext context) => context.Cause switch
    {
        AllocationCause.Receipt => $"receipt scan {context.Reference}",
        AllocationCause.Cancellation => $"units released by cancellation of {context.Reference}",
        AllocationCause.Placement => $"stock at placement of {context.Reference}",
        AllocationCause.HoldReleased => $"hold released on {context.Reference}",
        AllocationCause.PreorderRelease => $"preorder release {context.Reference}",
        _ => $"{context.Cause.ToString().ToLowerInvariant()}: {context.Reference}",
    };
}

/// <summary>
/// What every warehouse operation runs with: the clock reading of the command, its day, the
/// configured handling days added to every ETA, and the change set that collects what it did.
/// No defaults: a caller that leaves out the handling days would quote ETAs the configuration does not.
/// </summary>
public sealed record OperationContext(DateTime Now, DateOnly Today, int HandlingDays, ChangeSet Changes);

/// <summary>
/// Where received units went: to waiting lines (cross-dock) and the rest to a shelf. Not
/// <see cref="Settled"/> when the allocation stopped at its chunk's limit with units and waiting lines left.
/// </summary>
public sealed record ReceiptOutcome(IReadOnlyList<Allocation> Allocations, int CrossDockQty, int PutawayQty, bool Settled = true);
