namespace BackorderDesk.Live;

/// <summary>Something that changed in the warehouse, published after its transaction committed.</summary>
public abstract record WarehouseEvent(string? Sku);

public sealed record StockChanged(string Sku, int OnHand, int Allocated, int Available, int Backordered) : WarehouseEvent(Sku);

public sealed record Allocated(string Sku, string OrderNumber, int LineNumber, int Qty, bool CrossDock) : WarehouseEvent(Sku);

public sealed record ReceiptScanned(string ScanId, string Sku, int Qty) : WarehouseEvent(Sku);

public sealed record AlertRaised(string Sku, string Kind) : WarehouseEvent(Sku);

public sealed record KpisChanged() : WarehouseEvent((string?)null);

public sealed record OrderChanged(string OrderNumber) : WarehouseEvent((string?)null);

/// <summary>The queue of a SKU changed: a line held, released, reprioritised, expedited, cancelled, swapped, placed or allocated.</summary>
public sealed record QueueChanged(string Sku) : WarehouseEvent(Sku);

/// <summary>
/// A reader fell so far behind that its mailbox dropped <paramref name="Dropped"/> older events;
/// it comes first in the next events it reads. Whatever it shows may be stale: reload it all.
/// </summary>
public sealed record FeedOverflowed(int Dropped) : WarehouseEvent((string?)null);
