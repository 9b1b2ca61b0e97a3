using System.Linq.Expressions;

namespace BackorderDesk.Domain;

public sealed class PurchaseOrder
{
    private readonly List<PurchaseOrderLine> _lines = [];

    private PurchaseOrder()
    {
    }

    public PurchaseOrder(string number, Supplier supplier, DateTime orderedAt)
    {
        Number = number;
        Supplier = supplier;
        SupplierId = supplier.Id;
        OrderedAt = orderedAt;
    }

    public int Id { get; private set; }

    public string Number { get; private set; } = "";

    public int SupplierId { get; private set; }

    public Supplier Supplier { get; private set; } = null!;

    public DateTime OrderedAt { get; private set; }

    public IReadOnlyList<PurchaseOrderLine> Lines => _lines;

    public PurchaseOrderLine AddLine(Sku sku, int qty, DateOnly expectedDate)
    {
        if (qty is < 1 or > 1_000_000)
        {
            throw new DomainException("A purchase-order quantity must be between 1 and 1,000,000.", "qty");
        }

        if (_lines.Any(l => l.Sku == sku))
        {
            throw new DomainException($"Purchase order {Number} already has a line for {sku.Code}.", "sku");
        }

        var line = new PurchaseOrderLine(this, sku, qty, expectedDate);
        _lines.Add(line);
        sku.AddOnOrder(qty);
        return line;
    }
}

public sealed class PurchaseOrderLine
{
    private readonly List<ExpectedDateChange> _dateChanges = [];

    private PurchaseOrderLine()
    {
    }

    internal PurchaseOrderLine(PurchaseOrder order, Sku sku, int qty, DateOnly expectedDate)
    {
        PurchaseOrder = order;
        Sku = sku;
        SkuId = sku.Id;
        Qty = qty;
        ExpectedDate = expectedDate;
        OriginalExpectedDate = expectedDate;
    }

    public int Id { get; private set; }

    public int PurchaseOrderId { get; private set; }

    public PurchaseOrder PurchaseOrder { get; private set; } = null!;

    public int SkuId { get; private set; }

    public Sku Sku { get; private set; } = null!;

    public int Qty { get; private set; }

    /// <summary>For the writer's untracked book reads: the line's SKU is the book's one SKU object.</summary>
    internal void UseSku(Sku sku) => Sku = sku.Id == SkuId ? sku : throw new InvalidOperationException($"Purchase-order line {Id} is not of SKU {sku.Code}.");

    public int ReceivedQty { get; private set; }

    public int CancelledQty { get; private set; }

    public DateOnly ExpectedDate { get; private set; }

    /// <summary>The date first promised by the supplier; lateness is measured against it.</summary>
    public DateOnly OriginalExpectedDate { get; private set; }

    public DateTime? FirstReceivedAt { get; private set; }

    /// <summary>When the last open unit arrived (the line's receipt date).</summary>
    public DateTime? ReceivedAt { get; private set; }

    public IReadOnlyList<ExpectedDateChange> DateChanges => _dateChanges;

    /// <summary>
    /// Units still expected from the supplier (rules.md R1.3): ordered, less received, less cancelled.
    /// The one definition, in memory and in queries (Data/OpenQuantityQueries).
    /// </summary>
    public static readonly Expression<Func<PurchaseOrderLine, int>> OpenQtyDefinition = l => l.Qty - l.ReceivedQty - l.CancelledQty;

    private static readonly Func<PurchaseOrderLine, int> OpenQtyOf = OpenQtyDefinition.Compile();

    public int OpenQty => OpenQtyOf(this);

    public ExpectedDateChange? ChangeExpectedDate(DateOnly date, DateTime at, string reason)
    {
        if (OpenQty == 0)
        {
            throw new DomainException($"{PurchaseOrder.Number} line {Sku.Code} has nothing left to receive.", "expectedDate");
        }

        if (date == ExpectedDate)
        {
            return null;
        }

        var change = new ExpectedDateChange(this, at, ExpectedDate, date, reason);
        _dateChanges.Add(change);
        ExpectedDate = date;
        return change;
    }

    /// <summary>Counts received units against this line; units beyond the open quantity are simply not counted.</summary>
    internal int Receive(int qty, DateTime at)
    {
        var counted = Math.Min(qty, OpenQty);
        if (counted == 0)
        {
            return 0;
        }

        ReceivedQty += counted;
        Sku.AddOnOrder(-counted);
        FirstReceivedAt ??= at;
        if (OpenQty == 0)
        {
            ReceivedAt = at;
        }

        return counted;
    }

    public void Cancel(DateTime at)
    {
        if (OpenQty == 0)
        {
            throw new DomainException($"{PurchaseOrder.Number} line {Sku.Code} has nothing left to cancel.", "sku");
        }

        Sku.AddOnOrder(-OpenQty);
        CancelledQty += OpenQty;
        ReceivedAt ??= ReceivedQty > 0 ? at : null;
    }
}

public sealed class ExpectedDateChange
{
    private ExpectedDateChange()
    {
    }

    internal ExpectedDateChange(PurchaseOrderLine line, DateTime at, DateOnly from, DateOnly to, string reason)
    {
        Line = line;
        At = at;
        From = from;
        To = to;
        Reason = reason;
    }

    public int Id { get; private set; }

    public int PurchaseOrderLineId { get; private set; }

    public PurchaseOrderLine Line { get; private set; } = null!;

    public DateTime At { get; private set; }

    public DateOnly From { get; private set; }

    public DateOnly To { get; private set; }

    public string Reason { get; private set; } = "";
}
