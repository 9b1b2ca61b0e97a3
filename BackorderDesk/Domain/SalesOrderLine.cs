using System.Linq.Expressions;

namespace BackorderDesk.Domain;

public sealed class SalesOrderLine
{
    private readonly List<Allocation> _allocations = [];
    private readonly List<EtaChange> _etaHistory = [];

    private SalesOrderLine()
    {
    }

    internal SalesOrderLine(SalesOrder order, int lineNumber, Sku sku, int qty)
    {
        Order = order;
        LineNumber = lineNumber;
        Sku = sku;
        SkuId = sku.Id;
        OrderedQty = qty;
    }

    public long Id { get; private set; }

    public long OrderId { get; private set; }

    public SalesOrder Order { get; private set; } = null!;

    public int LineNumber { get; private set; }

    public int SkuId { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public int OrderedQty { get; private set; }

    public int AllocatedQty { get; private set; }

    public int ShippedQty { get; private set; }

    public int CancelledQty { get; private set; }

    public int AllocatedAtPlacementQty { get; private set; }

    public bool OnHold { get; private set; }

    public string? HoldReason { get; private set; }

    /// <summary>When the line first had units waiting (null: it never went on backorder).</summary>
    public DateTime? BackorderedAt { get; private set; }

    /// <summary>When a line that went on backorder became fully allocated.</summary>
    public DateTime? FilledAt { get; private set; }

    public DateTime? ShippedAt { get; private set; }

    public DateOnly? EtaFrom { get; private set; }

    public DateOnly? EtaTo { get; private set; }

    public bool EtaConfirmed { get; private set; }

    public DateOnly? FirstEtaFrom { get; private set; }

    public DateOnly? FirstEtaTo { get; private set; }

    /// <summary>
    /// The arrival date the first quoted range was built on (before lateness and handling): with the
    /// quote's time and the shipment, what <see cref="EtaRangeTuning"/> replays other ranges against.
    /// </summary>
    public DateOnly? FirstEtaArrival { get; private set; }

    /// <summary>The ETA the customer was last told: the first quote, then each delay or earlier notice.</summary>
    public DateOnly? QuotedEtaFrom { get; private set; }

    /// <summary>The last day of <see cref="QuotedEtaFrom"/>'s range.</summary>
    public DateOnly? QuotedEtaTo { get; private set; }

    /// <summary>How many times the ETA slipped (<see cref="EtaChange.IsSlip"/>); two or more is a rolling backorder.</summary>
    public int EtaSlips { get; private set; }

    public IReadOnlyList<Allocation> Allocations => _allocations;

    public IReadOnlyList<EtaChange> EtaHistory => _etaHistory;

    /// <summary>
    /// Units still owed to the customer (rules.md R1.1): ordered, less shipped, less cancelled. The one
    /// definition: the property runs it in memory, and queries that name <see cref="OpenQty"/> or
    /// <see cref="WaitingQty"/> get it translated to SQL (Data/OpenQuantityQueries).
    /// </summary>
    public static readonly Expression<Func<SalesOrderLine, int>> OpenQtyDefinition = l => l.OrderedQty - l.ShippedQty - l.CancelledQty;

    /// <summary>Open units not allocated yet (rules.md R1.2): the units that wait.</summary>
    public static readonly Expression<Func<SalesOrderLine, int>> WaitingQtyDefinition = l => l.OpenQty - l.AllocatedQty;

    private static readonly Func<SalesOrderLine, int> OpenQtyOf = OpenQtyDefinition.Compile();

    private static readonly Func<SalesOrderLine, int> WaitingQtyOf = WaitingQtyDefinition.Compile();

    public int OpenQty => OpenQtyOf(this);

    public int WaitingQty => WaitingQtyOf(this);

    public bool IsRollingBackorder => EtaSlips >= 2;

    /// <summary>The queue key of rules.md R2.2: priority, placed-at, order number, line number.</summary>
    public (OrderPriority Priority, DateTime PlacedAt, string Number, int LineNumber) QueueKey =>
        (Order.Priority, Order.PlacedAt, Order.Number, LineNumber);

    internal Allocation Allocate(int qty, AllocationContext context, int queuePosition, string rule, string aheadOf)
    {
        if (qty < 1 || qty > WaitingQty)
        {
            throw new InvalidOperationException($"Line {Order.Number}/{LineNumber}: cannot allocate {qty} of {WaitingQty} waiting.");
        }

        Sku.AddAllocated(qty);
        Sku.AddBackordered(-qty);
        AllocatedQty += qty;
        if (context.Cause == AllocationCause.Placement)
        {
            AllocatedAtPlacementQty += qty;
        }

        if (WaitingQty == 0 && BackorderedAt is not null && FilledAt is null)
        {
            FilledAt = context.At;
        }

        var allocation = new Allocation(this, qty, context, queuePosition, rule, aheadOf);
        _allocations.Add(allocation);
        return allocation;
    }

    /// <summary>Takes allocated units back (a count found fewer, a cancellation); the units wait again in place.</summary>
    internal int Deallocate(int qty)
    {
        qty = Math.Min(qty, AllocatedQty);
        var left = qty;
        foreach (var allocation in _allocations.Where(a => a.LiveQty > 0).OrderByDescending(a => a.At).ThenByDescending(a => a.Id))
        {
            left -= allocation.Release(left);
            if (left == 0)
            {
                break;
            }
        }

        AllocatedQty -= qty;
        Sku.AddAllocated(-qty);
        Sku.AddBackordered(qty);
        if (qty > 0)
        {
            FilledAt = null;
        }

        return qty;
    }

    /// <summary>Marks the line as waiting from <paramref name="at"/> if it has units waiting and was not already.</summary>
    internal void MarkBackorderedIfWaiting(DateTime at)
    {
        if (WaitingQty > 0 && BackorderedAt is null)
        {
            BackorderedAt = at;
        }
    }

    internal StockMovement Ship(int qty, DateTime at)
    {
        if (qty < 1 || qty > AllocatedQty)
        {
            throw new DomainException(
                $"Line {LineNumber} of {Order.Number} has {AllocatedQty} allocated; {qty} cannot ship.", "qty");
        }

        var left = qty;
        foreach (var allocation in _allocations.Where(a => a.LiveQty > 0).OrderBy(a => a.At).ThenBy(a => a.Id))
        {
            left -= allocation.Release(left);
            if (left == 0)
            {
                break;
            }
        }

        AllocatedQty -= qty;
        ShippedQty += qty;
        Sku.AddAllocated(-qty);
        if (OpenQty == 0)
        {
            ShippedAt = at;
        }

        var movement = Sku.Move(MovementKind.Shipment, -qty, at, $"Shipment of {Order.Number} line {LineNumber}");
        movement.OrderLineId = Id == 0 ? null : Id;
        return movement;
    }

    /// <summary>Cancels up to <paramref name="qty"/> open units: waiting units first, then allocated ones.</summary>
    /// <returns>The allocated units released back to stock.</returns>
    internal int Cancel(int qty)
    {
        if (qty < 1 || qty > OpenQty)
        {
            throw new DomainException(
                $"Line {LineNumber} of {Order.Number} has {OpenQty} open; {qty} cannot be cancelled.", "qty");
        }

        var fromWaiting = Math.Min(qty, WaitingQty);
        var fromAllocated = qty - fromWaiting;
        var released = fromAllocated > 0 ? Deallocate(fromAllocated) : 0;
        CancelledQty += qty;
        Sku.AddBackordered(-qty);
        return released;
    }

    /// <summary>Puts the line on hold (rules.md R5.1): only a line with units open, and not one already held.</summary>
    internal void Hold(string reason)
    {
        if (OpenQty == 0)
        {
            throw new DomainException($"Line {LineNumber} of {Order.Number} has nothing open to hold.", "lineNumber");
        }

        if (OnHold)
        {
            throw new DomainException($"Line {LineNumber} of {Order.Number} is already on hold ({HoldReason}).", "lineNumber");
        }

        OnHold = true;
        HoldReason = reason;
    }

    /// <summary>Releases a hold (rules.md R5.2): only a line that is on hold.</summary>
    internal void Release()
    {
        if (!OnHold)
        {
            throw new DomainException($"Line {LineNumber} of {Order.Number} is not on hold.", "lineNumber");
        }

        OnHold = false;
        HoldReason = null;
    }

    /// <summary>For the writer's untracked book reads: the line's SKU is the book's one SKU object.</summary>
    internal void UseSku(Sku sku) => Sku = sku.Id == SkuId ? sku : throw new InvalidOperationException($"Line {Id} is not of SKU {sku.Code}.");

    /// <summary>For the writer: ETA history rows, once written, leave the in-memory line.</summary>
    internal void ForgetWrittenEtaHistory() => _etaHistory.Clear();

    /// <summary>Sets a new ETA (built on <paramref name="arrival"/>, see <see cref="Eta.Arrival"/>); returns the history row when it changed, or null.</summary>
    internal EtaChange? SetEta(DateOnly? from, DateOnly? to, bool confirmed, DateTime at, string reason, DateOnly? arrival = null)
    {
        if (from == EtaFrom && to == EtaTo && confirmed == EtaConfirmed)
        {
            return null;
        }

        // Compared with what the customer was told, not with the last refresh: an unconfirmed estimate
        // (today + lead time) drifts later at every refresh without breaking a promise until the
        // quoted estimate's last day has passed. Lines quoted before this was kept fall back to the ETA.
        var quotedFrom = QuotedEtaTo is null ? EtaFrom : QuotedEtaFrom;
        var quotedTo = QuotedEtaTo ?? EtaTo;
        var isSlip = quotedTo is { } told && to is { } next && next > told
            && (EtaConfirmed || confirmed || told < DateOnly.FromDateTime(at));
        var isEarlier = quotedTo is { } toldBefore && to is { } sooner && sooner < toldBefore;
        if (isSlip)
        {
            EtaSlips++;
        }

        if (isSlip || isEarlier || (quotedTo is null && to is not null))
        {
            QuotedEtaFrom = from;
            QuotedEtaTo = to;
        }

        if (FirstEtaTo is null && to is not null)
        {
            FirstEtaFrom = from;
            FirstEtaTo = to;
            FirstEtaArrival = arrival;
        }

        var change = new EtaChange(this, at, EtaFrom, EtaTo, from, to, confirmed, reason) { IsSlip = isSlip, IsEarlier = isEarlier, QuotedFrom = quotedFrom, QuotedTo = quotedTo };
        _etaHistory.Add(change);
        EtaFrom = from;
        EtaTo = to;
        EtaConfirmed = confirmed;
        return change;
    }
}
