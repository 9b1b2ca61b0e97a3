namespace BackorderDesk.Domain;

/// <summary>What started an allocation run: the cause, its reference and the moment.</summary>
/// <param name="Reference">The receipt scan id, the cancelled order number, the adjustment reason…</param>
/// <param name="CrossDock">Whether the units come straight off a receipt (outbound staging, not a shelf).</param>
public sealed record AllocationContext(AllocationCause Cause, string Reference, DateTime At, bool CrossDock = false);

/// <summary>
/// Units of a SKU promised to one order line, and why this line got them. <see cref="Qty"/> is what
/// was allocated; <see cref="LiveQty"/> what is still promised (shipping or taking back lowers it).
/// </summary>
public sealed class Allocation
{
    private Allocation()
    {
    }

    internal Allocation(SalesOrderLine line, int qty, AllocationContext context, int queuePosition, string rule, string aheadOf)
    {
        Line = line;
        SkuId = line.SkuId;
        Qty = qty;
        LiveQty = qty;
        At = context.At;
        Cause = context.Cause;
        CauseReference = context.Reference;
        CrossDock = context.CrossDock;
        QueuePosition = queuePosition;
        Rule = rule;
        AheadOf = aheadOf;
    }

    public long Id { get; private set; }

    public long OrderLineId { get; private set; }

    public SalesOrderLine Line { get; private set; } = null!;

    public int SkuId { get; private set; }

    public int Qty { get; private set; }

    public int LiveQty { get; private set; }

    public DateTime At { get; private set; }

    public AllocationCause Cause { get; private set; }

    public string CauseReference { get; private set; } = "";

    public bool CrossDock { get; private set; }

    /// <summary>The line's 1-based position among the waiting lines when it was served.</summary>
    public int QueuePosition { get; private set; }

    /// <summary>Why this line was next, in words ("Expedite before KeyAccount", "placed earlier (FIFO)").</summary>
    public string Rule { get; private set; } = "";

    /// <summary>The waiting lines this one was served ahead of, e.g. "SO-1002/1, SO-1007/2 (+3 more)".</summary>
    public string AheadOf { get; private set; } = "";

    internal int Release(int qty)
    {
        var taken = Math.Min(qty, LiveQty);
        LiveQty -= taken;
        return taken;
    }
}
