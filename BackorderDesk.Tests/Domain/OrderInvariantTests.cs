using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

/// <summary>The order and line rules the domain itself refuses or derives (docs/rules.md R1, R5–R7).</summary>
public sealed class OrderInvariantTests
{
    private readonly WarehouseScenario _w = new();

    [Fact]
    public void A_line_with_nothing_open_cannot_be_put_on_hold()
    {
        var sku = _w.AddSku("TENT");
        var order = _w.Place(sku, 2);
        _w.Cancel(order);

        var refused = Assert.Throws<DomainException>(() => _w.Hold(order));

        Assert.Equal($"Line 1 of {order.Number} has nothing open to hold.", refused.Message);
        Assert.False(order.Lines[0].OnHold);
    }

    [Fact]
    public void A_line_already_on_hold_cannot_be_held_again()
    {
        var sku = _w.AddSku("TENT");
        var order = _w.Place(sku, 2);
        _w.Hold(order);

        var refused = Assert.Throws<DomainException>(() => _w.Hold(order));

        Assert.Equal($"Line 1 of {order.Number} is already on hold (payment check).", refused.Message);
    }

    [Fact]
    public void A_line_not_on_hold_cannot_be_released()
    {
        var sku = _w.AddSku("TENT");
        var order = _w.Place(sku, 2);

        var refused = Assert.Throws<DomainException>(() => _w.Release(order));

        Assert.Equal($"Line 1 of {order.Number} is not on hold.", refused.Message);
        Assert.DoesNotContain(order.Timeline, t => t.Kind == TimelineKind.Released);
    }

    [Fact]
    public void The_priority_of_a_closed_order_cannot_change()
    {
        var sku = _w.AddSku("TENT");
        var order = _w.Place(sku, 2);
        _w.Cancel(order);

        var refused = Assert.Throws<DomainException>(() => order.ChangePriority(OrderPriority.Expedite, _w.Now, "manager"));

        Assert.Equal($"Order {order.Number} is no longer open (shipped or cancelled); its priority cannot change.", refused.Message);
        Assert.Equal(OrderPriority.Standard, order.Priority);
    }

    [Fact]
    public void Open_quantity_is_ordered_less_shipped_less_cancelled_and_waiting_is_open_less_allocated()
    {
        var sku = _w.AddSku("TENT", onHand: 3);
        var order = _w.Place(sku, 10);
        _w.Ship(order);
        _w.Cancel(order, qty: 2);
        _w.Receive(sku, 1);
        var line = order.Lines[0];

        Assert.Equal((10, 3, 2, 1), (line.OrderedQty, line.ShippedQty, line.CancelledQty, line.AllocatedQty));
        Assert.Equal(5, line.OpenQty);
        Assert.Equal(4, line.WaitingQty);
        Assert.Equal(5, SalesOrderLine.OpenQtyDefinition.Compile()(line));
    }

    [Fact]
    public void Open_quantity_of_a_purchase_order_line_is_ordered_less_received_less_cancelled()
    {
        var sku = _w.AddSku("TENT");
        var poLine = _w.AddPurchaseOrder(sku, 10, _w.Today.AddDays(7));
        _w.Receive(sku, 4);

        Assert.Equal(6, poLine.OpenQty);
        poLine.Cancel(_w.Now);
        Assert.Equal(0, poLine.OpenQty);
    }

    [Theory]
    [InlineData(5, 5, 0, 0, false, OrderStatus.Backordered)]
    [InlineData(5, 2, 3, 0, false, OrderStatus.PartiallyAllocated)]
    [InlineData(5, 0, 5, 0, false, OrderStatus.ReadyToShip)]
    [InlineData(5, 0, 5, 0, true, OrderStatus.OnHold)]
    [InlineData(5, 5, 0, 1, true, OrderStatus.PartiallyShipped)]
    [InlineData(0, 0, 0, 3, false, OrderStatus.Shipped)]
    [InlineData(0, 0, 0, 0, false, OrderStatus.Cancelled)]
    public void Order_status_follows_the_first_matching_rule(int open, int waiting, int allocated, int shipped, bool held, OrderStatus expected) =>
        Assert.Equal(expected, OrderStatusRules.OrderStatusOf(open, waiting, allocated, shipped, held));

    [Theory]
    [InlineData(0, 0, 0, false, false, LineStatus.Cancelled)]
    [InlineData(0, 0, 2, false, false, LineStatus.Shipped)]
    [InlineData(3, 3, 0, true, false, LineStatus.Held)]
    [InlineData(3, 0, 0, false, false, LineStatus.Allocated)]
    [InlineData(3, 3, 0, false, true, LineStatus.Preorder)]
    [InlineData(3, 1, 0, false, false, LineStatus.PartiallyAllocated)]
    [InlineData(3, 3, 0, false, false, LineStatus.Waiting)]
    public void Line_status_follows_the_first_matching_rule(int open, int waiting, int shipped, bool held, bool unreleasedPreorder, LineStatus expected) =>
        Assert.Equal(expected, OrderStatusRules.LineStatusOf(open, waiting, shipped, held, unreleasedPreorder));

    [Fact]
    public void A_ship_partial_order_is_shippable_with_any_allocated_line_not_on_hold()
    {
        var a = _w.AddSku("A", onHand: 1);
        var b = _w.AddSku("B");
        var order = _w.PlaceLines([(a, 1), (b, 1)]);
        Assert.True(order.IsShippable);

        _w.Hold(order, 1);
        Assert.False(order.IsShippable);
    }

    [Fact]
    public void A_ship_complete_order_is_shippable_only_when_nothing_waits()
    {
        var a = _w.AddSku("A", onHand: 1);
        var b = _w.AddSku("B");
        var order = _w.PlaceLines([(a, 1), (b, 1)], shipPolicy: ShipPolicy.ShipComplete);
        Assert.False(order.IsShippable);

        _w.Receive(b, 1);
        Assert.True(order.IsShippable);
    }
}
