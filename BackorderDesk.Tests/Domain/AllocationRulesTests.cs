using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Domain;

public sealed class AllocationRulesTests
{
    private readonly WarehouseScenario _w = new();

    [Fact]
    public void New_order_takes_available_stock_at_placement_and_queues_for_the_rest()
    {
        var sku = _w.AddSku("TENT", onHand: 3);

        var order = _w.Place(sku, 5);

        var line = order.Lines[0];
        Assert.Equal(3, line.AllocatedQty);
        Assert.Equal(2, line.WaitingQty);
        Assert.Equal(3, line.AllocatedAtPlacementQty);
        Assert.True(order.BackorderedAtPlacement);
        Assert.Equal(0, sku.Available);
        Assert.Equal(2, sku.Backordered);
        Assert.NotNull(line.BackorderedAt);
    }

    [Fact]
    public void Receipt_fills_expedite_then_key_account_then_standard_then_oldest_first()
    {
        var sku = _w.AddSku("BOOT");
        var standardOld = _w.Place(sku, 1, OrderPriority.Standard);
        var keyAccount = _w.Place(sku, 1, OrderPriority.KeyAccount);
        var standardNew = _w.Place(sku, 1, OrderPriority.Standard);
        var expedite = _w.Place(sku, 1, OrderPriority.Expedite);

        var first = _w.Receive(sku, 1);
        var second = _w.Receive(sku, 1);
        var third = _w.Receive(sku, 1);

        Assert.Same(expedite.Lines[0], Assert.Single(first.Allocations).Line);
        Assert.Same(keyAccount.Lines[0], Assert.Single(second.Allocations).Line);
        Assert.Same(standardOld.Lines[0], Assert.Single(third.Allocations).Line);
        Assert.Equal(1, standardNew.Lines[0].WaitingQty);
    }

    [Fact]
    public void Same_time_ties_break_on_order_number_then_line_number()
    {
        var sku = _w.AddSku("CUP");
        var b = _w.PlaceLines([(sku, 1), (sku, 1)], number: "SO-B", after: TimeSpan.Zero);
        _w.Now -= TimeSpan.FromMinutes(1); // same placed-at for both orders
        var a = _w.PlaceLines([(sku, 1)], number: "SO-A");

        var receipt = _w.Receive(sku, 2);

        Assert.Equal(a.PlacedAt, b.PlacedAt);
        Assert.Equal(["SO-A/1", "SO-B/1"], receipt.Allocations.Select(x => $"{x.Line.Order.Number}/{x.Line.LineNumber}"));
        Assert.Equal(1, b.Lines[1].WaitingQty);
    }

    [Fact]
    public void Partial_allocation_keeps_the_line_first_in_line_for_the_rest()
    {
        var sku = _w.AddSku("ROPE");
        var big = _w.Place(sku, 10);
        var small = _w.Place(sku, 1);

        _w.Receive(sku, 4);
        Assert.Equal(4, big.Lines[0].AllocatedQty);
        Assert.Equal(0, small.Lines[0].AllocatedQty);

        _w.Receive(sku, 7);
        Assert.Equal(10, big.Lines[0].AllocatedQty);
        Assert.Equal(1, small.Lines[0].AllocatedQty);
        Assert.NotNull(big.Lines[0].FilledAt);
    }

    [Fact]
    public void Held_lines_are_skipped_keep_their_place_and_take_stock_on_release()
    {
        var sku = _w.AddSku("LAMP");
        var held = _w.Place(sku, 2);
        var next = _w.Place(sku, 2);
        _w.Hold(held);

        var receipt = _w.Receive(sku, 2);

        Assert.Same(next.Lines[0], Assert.Single(receipt.Allocations).Line);
        Assert.Contains("on hold", receipt.Allocations[0].Rule);
        Assert.Equal(2, held.Lines[0].WaitingQty);
        Assert.Equal(held.Lines[0], AllocationEngine.Queue(_w.Books[sku].OpenLines)[0]);

        _w.Receive(sku, 1); // idle while the only waiting line is held
        Assert.Equal(1, sku.Available);
        _w.Release(held);
        Assert.Equal(1, held.Lines[0].AllocatedQty);
        Assert.Equal(0, sku.Available);
    }

    [Fact]
    public void Preorder_lines_wait_for_the_release_date_then_fill_first_come_first_served()
    {
        var release = _w.Today.AddDays(10);
        var sku = _w.AddSku("GAME", SellingPolicy.Preorder, releaseDate: release);
        var early = _w.Place(sku, 1);
        var late = _w.Place(sku, 1);

        var before = _w.Receive(sku, 5);
        Assert.Empty(before.Allocations);
        Assert.Equal(5, sku.Available);
        Assert.Equal(release, DateOnly.FromDateTime(early.Lines[0].EtaFrom!.Value.ToDateTime(TimeOnly.MinValue)).AddDays(-1));

        _w.Now = release.ToDateTime(new TimeOnly(8, 0), DateTimeKind.Utc);
        var allocations = WarehouseOperations.Allocate(_w.Books[sku], new AllocationContext(AllocationCause.PreorderRelease, "release", _w.Now), _w.Operation(new ChangeSet()));

        Assert.Equal([early.Lines[0], late.Lines[0]], allocations.Select(a => a.Line));
        Assert.Equal(3, sku.Available);
    }

    [Fact]
    public void Cancelling_an_allocated_line_gives_its_units_to_the_next_line_at_once()
    {
        var sku = _w.AddSku("SOCK", onHand: 2);
        var first = _w.Place(sku, 2);
        var second = _w.Place(sku, 2);

        var released = _w.Cancel(first);

        Assert.Equal(2, released);
        Assert.Equal(2, first.Lines[0].CancelledQty);
        Assert.Equal(2, second.Lines[0].AllocatedQty);
        var allocation = Assert.Single(_w.LastChanges.Allocations);
        Assert.Equal(AllocationCause.Cancellation, allocation.Cause);
        Assert.Equal(first.Number, allocation.CauseReference);
    }

    [Fact]
    public void Count_below_allocated_takes_units_back_from_the_last_lines_in_queue_order()
    {
        var sku = _w.AddSku("PAN", onHand: 5);
        var first = _w.Place(sku, 3);
        var last = _w.Place(sku, 2, OrderPriority.Standard);

        _w.Count(sku, 3);

        Assert.Equal(3, sku.OnHand);
        Assert.Equal(3, first.Lines[0].AllocatedQty);
        Assert.Equal(0, last.Lines[0].AllocatedQty);
        Assert.Equal(2, last.Lines[0].WaitingQty);
        Assert.Equal((last.Lines[0], 2), Assert.Single(_w.LastChanges.TakenBack));
        Assert.Equal(2, sku.Backordered);
    }

    [Fact]
    public void An_adjustment_below_zero_is_refused_and_changes_nothing()
    {
        var sku = _w.AddSku("MUG", onHand: 2);

        var ex = Assert.Throws<DomainException>(() => _w.Adjust(sku, -3));

        Assert.Contains("below zero", ex.Message);
        Assert.Equal(2, sku.OnHand);
    }

    [Fact]
    public void Stop_selling_sku_with_nothing_available_refuses_the_order()
    {
        var sku = _w.AddSku("LTD", SellingPolicy.StopSelling);

        var ex = Assert.Throws<DomainException>(() => _w.Place(sku, 1));

        Assert.Contains("out of stock", ex.Message);
        Assert.Equal(0, sku.Allocated);
    }

    [Fact]
    public void Ship_complete_order_takes_units_in_turn_and_cannot_ship_until_complete()
    {
        var a = _w.AddSku("A", onHand: 1);
        var b = _w.AddSku("B");
        var order = _w.PlaceLines([(a, 1), (b, 1)], shipPolicy: ShipPolicy.ShipComplete);

        Assert.Equal(1, order.Lines[0].AllocatedQty);
        Assert.Throws<DomainException>(() => _w.Ship(order));

        _w.Receive(b, 1);
        _w.Ship(order);
        Assert.All(order.Lines, l => Assert.Equal(1, l.ShippedQty));
        Assert.NotNull(order.ShippedAt);
        Assert.Equal(0, a.OnHand);
    }

    [Fact]
    public void Every_allocation_says_why_its_line_was_next_and_whom_it_was_ahead_of()
    {
        var sku = _w.AddSku("KNIFE");
        var key = _w.Place(sku, 1, OrderPriority.KeyAccount, number: "SO-KEY");
        _w.Place(sku, 1, number: "SO-STD1");
        _w.Place(sku, 1, number: "SO-STD2");

        var allocation = Assert.Single(_w.Receive(sku, 1, "R-77").Allocations);

        Assert.Same(key.Lines[0], allocation.Line);
        Assert.Equal(1, allocation.QueuePosition);
        Assert.Equal("priority KeyAccount is served before Standard", allocation.Rule);
        Assert.Equal("SO-STD1/1, SO-STD2/1", allocation.AheadOf);
        Assert.Equal(AllocationCause.Receipt, allocation.Cause);
        Assert.Equal("R-77", allocation.CauseReference);
        Assert.True(allocation.CrossDock);
    }

    [Fact]
    public void Receipt_reports_cross_dock_and_putaway_units()
    {
        var sku = _w.AddSku("TARP");
        _w.Place(sku, 3);

        var outcome = _w.Receive(sku, 10);

        Assert.Equal(3, outcome.CrossDockQty);
        Assert.Equal(7, outcome.PutawayQty);
        Assert.Equal(7, sku.Available);
    }
}
