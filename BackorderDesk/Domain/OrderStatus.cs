namespace BackorderDesk.Domain;

/// <summary>
/// The status of an order, derived from its lines (first match wins):
/// <list type="bullet">
/// <item><c>Cancelled</c>: nothing open and nothing shipped.</item>
/// <item><c>Shipped</c>: nothing open, something shipped.</item>
/// <item><c>PartiallyShipped</c>: something shipped and something still open.</item>
/// <item><c>OnHold</c>: an open line is on hold (payment problem, manual hold).</item>
/// <item><c>ReadyToShip</c>: every open unit is allocated.</item>
/// <item><c>PartiallyAllocated</c>: some open units allocated, some waiting.</item>
/// <item><c>Backordered</c>: open units wait and none is allocated.</item>
/// </list>
/// </summary>
public enum OrderStatus
{
    Backordered,
    PartiallyAllocated,
    ReadyToShip,
    OnHold,
    PartiallyShipped,
    Shipped,
    Cancelled,
}

/// <summary>
/// The status of a line (first match wins): <c>Cancelled</c> (nothing open, nothing shipped),
/// <c>Shipped</c> (nothing open, something shipped), <c>Held</c> (on hold with units open),
/// <c>Allocated</c> (every open unit allocated), <c>Preorder</c> (waits for the SKU's release date),
/// <c>PartiallyAllocated</c> (some allocated, some waiting), <c>Waiting</c> (nothing allocated yet).
/// </summary>
public enum LineStatus
{
    Waiting,
    PartiallyAllocated,
    Allocated,
    Preorder,
    Held,
    Shipped,
    Cancelled,
}

/// <summary>
/// The status rules of orders and lines (rules.md R6), from quantities a query can read without
/// loading the entities: every screen, API answer and export says the same.
/// </summary>
public static class OrderStatusRules
{
    /// <summary>The order status (rules.md R6.1) from the sums over its lines.</summary>
    public static OrderStatus OrderStatusOf(int open, int waiting, int allocated, int shipped, bool anyOpenLineOnHold) =>
        (open, shipped) switch
        {
            (0, 0) => OrderStatus.Cancelled,
            (0, _) => OrderStatus.Shipped,
            (_, > 0) => OrderStatus.PartiallyShipped,
            _ when anyOpenLineOnHold => OrderStatus.OnHold,
            _ when waiting == 0 => OrderStatus.ReadyToShip,
            _ when allocated > 0 => OrderStatus.PartiallyAllocated,
            _ => OrderStatus.Backordered,
        };

    /// <summary>The line status (rules.md R6.2).</summary>
    public static LineStatus LineStatusOf(int open, int waiting, int shipped, bool onHold, bool unreleasedPreorder) =>
        (open, shipped) switch
        {
            (0, 0) => LineStatus.Cancelled,
            (0, _) => LineStatus.Shipped,
            _ when onHold => LineStatus.Held,
            _ when waiting == 0 => LineStatus.Allocated,
            _ when unreleasedPreorder => LineStatus.Preorder,
            _ when open > waiting => LineStatus.PartiallyAllocated,
            _ => LineStatus.Waiting,
        };
}
