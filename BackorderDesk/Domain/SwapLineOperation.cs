namespace BackorderDesk.Domain;

/// <summary>
/// The customer takes an in-stock alternative instead of waiting: the line's waiting units are
/// cancelled (its allocated units stay) and a new line for the alternative SKU joins the order,
/// taking available stock at once. One operation, so both happen or neither.
/// </summary>
public static class SwapLineOperation
{
    public static SalesOrderLine Swap(SkuBook waitingBook, SalesOrderLine line, SkuBook alternativeBook, string actor, OperationContext op)
    {
        var (at, today, changes) = (op.Now, op.Today, op.Changes);
        var order = line.Order;
        var alternative = alternativeBook.Sku;
        if (line.WaitingQty == 0)
        {
            throw new DomainException($"Line {line.LineNumber} of {order.Number} has nothing waiting to swap.", "lineNumber");
        }

        if (ReferenceEquals(alternative, line.Sku))
        {
            throw new DomainException("Pick a different SKU as the alternative.", "sku");
        }

        if (alternative.ClientId != line.Sku.ClientId)
        {
            throw new DomainException($"{alternative.Code} belongs to another client; an alternative must be of the same client.", "sku");
        }

        if (alternative.Policy == SellingPolicy.Discontinued || !alternative.IsReleasedOn(today))
        {
            throw new DomainException($"{alternative.Code} cannot be sold now ({alternative.Policy}).", "sku");
        }

        if (alternative.Available <= 0)
        {
            throw new DomainException($"{alternative.Code} has no stock available any more; pick another alternative.", "sku");
        }

        var qty = line.WaitingQty;
        line.Cancel(qty);
        changes.TouchedSkus.Add(line.Sku);
        WarehouseOperations.RefreshEtas(waitingBook, $"swap on {order.Number}", op);

        var added = order.AddLine(alternative, qty);
        alternativeBook.OpenLines.Add(added);
        changes.TouchedSkus.Add(alternative);
        var take = Math.Min(qty, alternative.Available);
        changes.Allocations.Add(AllocationEngine.AllocateAtPlacement(added, alternativeBook.OpenLines, take, new AllocationContext(AllocationCause.Reallocation, $"swap on {order.Number}", at)));
        added.MarkBackorderedIfWaiting(at);
        WarehouseOperations.RefreshEtas(alternativeBook, $"swap on {order.Number}", op);

        var rest = qty - take;
        order.Record(
            TimelineKind.AgentAction,
            at,
            $"Swapped {qty} of {line.Sku.Code} (line {line.LineNumber}) for {alternative.Code} (new line {added.LineNumber}): {take} allocated at once" + (rest > 0 ? $", {rest} waiting." : "."),
            actor,
            added.LineNumber);
        return added;
    }
}
