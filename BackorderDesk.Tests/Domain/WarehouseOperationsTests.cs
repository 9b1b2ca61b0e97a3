using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Domain;

/// <summary>Placement and shipment rules of WarehouseOperations, in memory.</summary>
public sealed class WarehouseOperationsTests
{
    private static readonly DateTime At = new(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc);
    private static readonly DateOnly Today = DateOnly.FromDateTime(At);

    private readonly Client _client = new("ACME", "Acme");
    private readonly Customer _customer = new("C-1", "Jane", null, CustomerType.Dtc);
    private readonly Sku _sku;
    private readonly SkuBook _book;

    private static OperationContext Op(DateTime? at = null) => new(at ?? At, Today, EtaCalculator.DefaultHandlingWorkingDays, new ChangeSet());

    public WarehouseOperationsTests()
    {
        _sku = new Sku("TENT", "Tent", _client, SellingPolicy.Backorderable);
        _book = new SkuBook(_sku, [], []);
    }

    [Fact]
    public void Placement_allocation_records_its_queue_position_behind_held_lines_it_skipped()
    {
        var held = Place("SO-A", 3, At.AddHours(-2));
        WarehouseOperations.Hold(_book, held.Lines[0], "payment", "agent", Op());
        Place("SO-B", 1, At.AddHours(-1));
        WarehouseOperations.Hold(_book, _book.OpenLines[1], "fraud check", "agent", Op());
        WarehouseOperations.Receive(_book, 5, "scan-1", null, Op());

        var order = Place("SO-C", 2, At);

        var allocation = Assert.Single(order.Lines[0].Allocations);
        Assert.Equal(3, allocation.QueuePosition);
        Assert.Equal("allocated at placement from available stock; skipped SO-A/1, SO-B/1 on hold (they keep their place)", allocation.Rule);
        Assert.Equal("", allocation.AheadOf);
    }

    [Fact]
    public void Placement_allocation_names_the_held_lines_it_went_ahead_of()
    {
        var later = Place("SO-LATER", 3, At.AddHours(-1));
        WarehouseOperations.Hold(_book, later.Lines[0], "payment", "agent", Op());
        WarehouseOperations.Receive(_book, 5, "scan-1", null, Op());

        var order = Place("SO-EXP", 2, At, OrderPriority.Expedite);

        var allocation = Assert.Single(order.Lines[0].Allocations);
        Assert.Equal((1, "allocated at placement from available stock", "SO-LATER/1"), (allocation.QueuePosition, allocation.Rule, allocation.AheadOf));
    }

    [Fact]
    public void Ship_without_lines_leaves_held_lines_and_refuses_a_named_held_line()
    {
        WarehouseOperations.Receive(_book, 5, "scan-1", null, Op());
        var order = new SalesOrder("SO-3", _client, _customer, "api", At, ShipPolicy.ShipPartial, OrderPriority.Standard);
        order.AddLine(_sku, 1);
        order.AddLine(_sku, 1);
        WarehouseOperations.PlaceOrder(order, new Dictionary<Sku, SkuBook> { [_sku] = _book }, Op());
        WarehouseOperations.Hold(_book, order.Lines[1], "payment", "agent", Op());

        var refused = Assert.Throws<DomainException>(() => WarehouseOperations.Ship(order, [(2, 1)], Op()));
        Assert.Equal("Line 2 of SO-3 is on hold (payment); release it before shipping.", refused.Message);

        WarehouseOperations.Ship(order, null, Op());
        Assert.Equal([(1, 0), (0, 1)], order.Lines.Select(l => (l.ShippedQty, l.AllocatedQty)));
    }

    [Fact]
    public void Ship_complete_order_with_a_held_line_does_not_ship()
    {
        WarehouseOperations.Receive(_book, 5, "scan-1", null, Op());
        var order = new SalesOrder("SO-1", _client, _customer, "api", At, ShipPolicy.ShipComplete, OrderPriority.Standard);
        order.AddLine(_sku, 1);
        order.AddLine(_sku, 1);
        WarehouseOperations.PlaceOrder(order, new Dictionary<Sku, SkuBook> { [_sku] = _book }, Op());
        WarehouseOperations.Hold(_book, order.Lines[1], "payment", "agent", Op());

        var refused = Assert.Throws<DomainException>(() => WarehouseOperations.Ship(order, null, Op()));

        Assert.Equal("SO-1 ships complete and line 2 is on hold; release it first.", refused.Message);
        Assert.Equal(0, order.Lines.Sum(l => l.ShippedQty));
    }

    private SalesOrder Place(string number, int qty, DateTime placedAt, OrderPriority priority = OrderPriority.Standard)
    {
        var order = new SalesOrder(number, _client, _customer, "api", placedAt, ShipPolicy.ShipPartial, priority);
        order.AddLine(_sku, qty);
        WarehouseOperations.PlaceOrder(order, new Dictionary<Sku, SkuBook> { [_sku] = _book }, Op(placedAt));
        return order;
    }
}
