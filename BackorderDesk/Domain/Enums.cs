namespace BackorderDesk.Domain;

public enum SellingPolicy
{
    Backorderable,
    StopSelling,
    Preorder,
    Discontinued,
}

public enum CustomerType
{
    Dtc,
    B2b,
}

public enum ShipPolicy
{
    ShipPartial,
    ShipComplete,
}

/// <summary>Priority classes; the numeric order is the queue order (lower is served first).</summary>
public enum OrderPriority
{
    Expedite = 0,
    KeyAccount = 1,
    Standard = 2,
}

public enum MovementKind
{
    Receipt,
    Shipment,
    Adjustment,
    Count,
}

/// <summary>The event that made units available to a line.</summary>
public enum AllocationCause
{
    Placement,
    Receipt,
    Cancellation,
    Adjustment,
    Count,
    PreorderRelease,
    HoldReleased,
    Reallocation,
}

public enum TimelineKind
{
    Placed,
    Backordered,
    Allocated,
    EtaChanged,
    Notification,
    Shipped,
    Cancelled,
    Held,
    Released,
    PriorityChanged,
    AgentAction,
    Note,
}

public enum NotificationKind
{
    Backordered,
    DelayNotice,
    EtaEarlier,
    ReadyToShip,
    Shipped,
    Cancelled,
    RestockNotice,
}

public enum DeliveryState
{
    Pending,
    Sent,
    Failed,
}
