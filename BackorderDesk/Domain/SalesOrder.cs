namespace BackorderDesk.Domain;

public sealed class SalesOrder
{
    private readonly List<SalesOrderLine> _lines = [];
    private readonly List<TimelineEvent> _timeline = [];

    private SalesOrder()
    {
    }

    public SalesOrder(
        string number,
        Client client,
        Customer customer,
        string channel,
        DateTime placedAt,
        ShipPolicy shipPolicy,
        OrderPriority priority)
    {
        Number = number;
        NumberKey = SearchText.Fold(number);
        Client = client;
        ClientId = client.Id;
        Customer = customer;
        CustomerId = customer.Id;
        Channel = channel;
        PlacedAt = placedAt;
        ShipPolicy = shipPolicy;
        Priority = priority;
    }

    public long Id { get; private set; }

    public string Number { get; private set; } = "";

    /// <summary>The order number folded for search (<see cref="SearchText.Fold"/>).</summary>
    public string NumberKey { get; private set; } = "";

    public int ClientId { get; private set; }

    public Client Client { get; private set; } = null!;

    public int CustomerId { get; private set; }

    public Customer Customer { get; private set; } = null!;

    public string Channel { get; private set; } = "";

    public DateTime PlacedAt { get; private set; }

    public ShipPolicy ShipPolicy { get; private set; }

    public OrderPriority Priority { get; private set; }

    public DateTime? PaymentAuthorizedAt { get; private set; }

    public DateTime? PaymentAuthorizationExpiresAt { get; private set; }

    /// <summary>The date promised at placement: the latest first-quoted ETA, or the handling day when all was in stock.</summary>
    public DateOnly? PromisedDate { get; private set; }

    /// <summary>When the last open unit shipped (null while anything is open, or when nothing shipped).</summary>
    public DateTime? ShippedAt { get; private set; }

    /// <summary>Whether at placement any line could not be fully allocated (the backorder-rate numerator).</summary>
    public bool BackorderedAtPlacement { get; private set; }

    public IReadOnlyList<SalesOrderLine> Lines => _lines;

    public IReadOnlyList<TimelineEvent> Timeline => _timeline;

    public bool IsOpen => _lines.Any(l => l.OpenQty > 0);

    public bool IsComplete => _lines.All(l => l.WaitingQty == 0);

    /// <summary>
    /// Whether a shipment could leave now (rules.md R7): some allocated units on a line not on hold;
    /// a ShipComplete order also needs nothing waiting and no open line on hold
    /// (what <see cref="WarehouseOperations.Ship"/> accepts without naming lines).
    /// </summary>
    public bool IsShippable =>
        _lines.Any(l => l.AllocatedQty > 0 && !l.OnHold)
        && (ShipPolicy != ShipPolicy.ShipComplete || _lines.Where(l => l.OpenQty > 0).All(l => l.WaitingQty == 0 && !l.OnHold));

    /// <summary>Computes the number's search key (for rows stored before it existed).</summary>
    public void RefreshSearchKey() => NumberKey = SearchText.Fold(Number);

    public SalesOrderLine AddLine(Sku sku, int qty)
    {
        if (qty is < 1 or > 1_000_000)
        {
            throw new DomainException("A line quantity must be between 1 and 1,000,000.", "qty");
        }

        var line = new SalesOrderLine(this, _lines.Count + 1, sku, qty);
        _lines.Add(line);
        sku.AddBackordered(qty);
        return line;
    }

    public void AuthorizePayment(DateTime at, DateTime expiresAt)
    {
        PaymentAuthorizedAt = at;
        PaymentAuthorizationExpiresAt = expiresAt;
    }

    public TimelineEvent Record(TimelineKind kind, DateTime at, string text, string actor = "system", int? lineNumber = null)
    {
        var entry = new TimelineEvent(this, kind, at, text, actor, lineNumber);
        _timeline.Add(entry);
        return entry;
    }

    /// <summary>
    /// For the writer: shows the order with these lines (read whole, while its messages are written)
    /// and returns the lines it held, to be put back.
    /// </summary>
    internal List<SalesOrderLine> ReplaceLines(IEnumerable<SalesOrderLine> lines)
    {
        var held = _lines.ToList();
        var next = lines.ToList();
        _lines.Clear();
        _lines.AddRange(next);
        return held;
    }

    /// <summary>For the writer: the timeline entries recorded since the last write, which leave the in-memory order once written.</summary>
    internal IReadOnlyList<TimelineEvent> TakeUnwrittenTimeline()
    {
        var unwritten = _timeline.Where(t => t.Id == 0).ToList();
        _timeline.RemoveAll(t => t.Id == 0);
        return unwritten;
    }

    public void ChangePriority(OrderPriority priority, DateTime at, string actor)
    {
        // A number cast to the enum ((OrderPriority)99) is not a priority class: queue order would be undefined.
        if (!Enum.IsDefined(priority))
        {
            throw new DomainException($"priority must be one of {string.Join(", ", Enum.GetNames<OrderPriority>())}; {(int)priority} is not a priority class.", "priority");
        }

        if (!IsOpen)
        {
            throw new DomainException($"Order {Number} is no longer open (shipped or cancelled); its priority cannot change.", "priority");
        }

        if (priority == Priority)
        {
            return;
        }

        Record(TimelineKind.PriorityChanged, at, $"Priority changed from {Priority} to {priority}.", actor);
        Priority = priority;
    }

    /// <summary>Marks what placement found: call once, after the placement allocation ran.</summary>
    internal void CompletePlacement(DateOnly promisedDate)
    {
        BackorderedAtPlacement = _lines.Any(l => l.AllocatedAtPlacementQty < l.OrderedQty);
        PromisedDate = promisedDate;
    }

    internal void RefreshShipped(DateTime at)
    {
        ShippedAt = _lines.Any(l => l.OpenQty > 0) || _lines.All(l => l.ShippedQty == 0) ? null : at;
    }
}
