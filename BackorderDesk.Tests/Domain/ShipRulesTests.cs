using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

public sealed class ShipRulesTests
{
    private readonly WarehouseScenario _w = new();

    [Fact]
    public void Shipping_an_order_leaves_its_held_lines_allocated()
    {
        var tent = _w.AddSku("TENT", onHand: 2);
        var stove = _w.AddSku("STOVE", onHand: 2);
        var order = _w.PlaceLines([(tent, 1), (stove, 1)]);
        _w.Hold(order, lineNumber: 2);

        _w.Ship(order);

        Assert.Equal(1, order.Lines[0].ShippedQty);
        Assert.Equal((0, 1), (order.Lines[1].ShippedQty, order.Lines[1].AllocatedQty));
        Assert.Equal(2, stove.OnHand);
    }

    [Fact]
    public void A_held_line_named_in_a_shipment_refuses_the_whole_shipment()
    {
        var tent = _w.AddSku("TENT", onHand: 2);
        var stove = _w.AddSku("STOVE", onHand: 2);
        var order = _w.PlaceLines([(tent, 1), (stove, 1)]);
        _w.Hold(order, lineNumber: 2);

        Assert.Throws<DomainException>(() => WarehouseOperations.Ship(order, [(1, 1), (2, 1)], _w.Operation(new ChangeSet())));

        Assert.Equal((0, 0), (order.Lines[0].ShippedQty, order.Lines[1].ShippedQty));
        Assert.Equal(2, tent.OnHand);
    }

    [Fact]
    public void A_ship_complete_order_with_a_held_line_does_not_ship()
    {
        var tent = _w.AddSku("TENT", onHand: 2);
        var stove = _w.AddSku("STOVE", onHand: 2);
        var order = _w.PlaceLines([(tent, 1), (stove, 1)], shipPolicy: ShipPolicy.ShipComplete);
        _w.Hold(order, lineNumber: 1);

        Assert.Throws<DomainException>(() => _w.Ship(order));

        Assert.All(order.Lines, l => Assert.Equal(0, l.ShippedQty));
    }
}
