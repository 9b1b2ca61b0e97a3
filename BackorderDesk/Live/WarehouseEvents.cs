using System.Text.Json.Serialization;

namespace BackorderDesk.Live;

/// <summary>
/// Something that changed in the warehouse, published after its transaction committed. Serialisable
/// as JSON with a <c>type</c> discriminator, so that other instances can hear it (<see cref="InstanceFeedRelay"/>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(StockChanged), nameof(StockChanged))]
[JsonDerivedType(typeof(Allocated), nameof(Allocated))]
[JsonDerivedType(typeof(ReceiptScanned), nameof(ReceiptScanned))]
[JsonDerivedType(typeof(AlertRaised), nameof(AlertRaised))]
[JsonDerivedType(typeof(KpisChanged), nameof(KpisChanged))]
[JsonDerivedType(typeof(OrderChanged), nameof(OrderChanged))]
[JsonDerivedType(typeof(QueueChanged), nameof(QueueChanged))]
[JsonDerivedType(typeof(FeedOverflowed), nameof(FeedOverflowed))]
[JsonDerivedType(typeof(CustomersChanged), nameof(CustomersChanged))]
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
/// Also published with <paramref name="Dropped"/> 0 (unknown) when the link to the other instances
/// comes back after an outage, during which their changes were not heard.
/// </summary>
public sealed record FeedOverflowed(int Dropped) : WarehouseEvent((string?)null);

/// <summary>
/// A customer's name, email or type changed. SKU books kept in memory hold the customers their
/// messages go to, so every writer that hears it (its own, another instance's) reads its books again.
/// </summary>
public sealed record CustomersChanged() : WarehouseEvent((string?)null);
