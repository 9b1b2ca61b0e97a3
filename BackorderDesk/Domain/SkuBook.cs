namespace BackorderDesk.Domain;

/// <summary>
/// One SKU with everything its rules need: the open order lines (its queue and its allocations)
/// and the open purchase-order lines (its inbound). Loaded inside the write transaction; the
/// operations in <see cref="WarehouseOperations"/> change it and report what changed.
/// </summary>
public sealed class SkuBook(Sku sku, IEnumerable<SalesOrderLine> openLines, IEnumerable<PurchaseOrderLine> openPoLines)
{
    public Sku Sku { get; } = sku;

    public List<SalesOrderLine> OpenLines { get; } = openLines.ToList();

    public List<PurchaseOrderLine> OpenPoLines { get; } = openPoLines.ToList();

    public IReadOnlyList<SalesOrderLine> Queue => AllocationEngine.Queue(OpenLines);
}

/// <summary>What one operation changed, for persistence (ledger rows) and for the live feed.</summary>
public sealed class ChangeSet
{
    public List<StockMovement> Movements { get; } = [];

    public List<Allocation> Allocations { get; } = [];

    public List<(SalesOrderLine Line, int Qty)> TakenBack { get; } = [];

    public List<EtaChange> EtaChanges { get; } = [];

    public List<SalesOrder> ShippedOrders { get; } = [];

    public HashSet<Sku> TouchedSkus { get; } = [];

    /// <summary>Orders placed by the command (their waiting lines are told their ETA).</summary>
    public List<SalesOrder> PlacedOrders { get; } = [];

    /// <summary>Units shipped by the command, per line.</summary>
    public List<(SalesOrderLine Line, int Qty)> Shipments { get; } = [];

    /// <summary>Units cancelled by the command, per line (the customer is told).</summary>
    public List<(SalesOrderLine Line, int Qty)> Cancellations { get; } = [];
}
