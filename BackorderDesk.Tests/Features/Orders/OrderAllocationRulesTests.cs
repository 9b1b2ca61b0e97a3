using BackorderDesk.Data;
using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>docs/rules.md R2 (allocation), one rule a test, driven through the orders API on real SQLite.</summary>
public class OrderAllocationRulesTests
{
    /// <summary>The database these tests run on; <see cref="OrderAllocationRulesTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private static readonly DateTimeOffset Earlier = OrdersScenario.Monday.AddHours(-3);

    [Fact]
    public async Task New_order_takes_available_stock_at_placement_and_queues_for_the_rest()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 5);

        var order = await s.PlaceAsync("SO-1", [("TENT", 8)]);

        var line = Assert.Single(order.Lines);
        Assert.Equal((8, 5, 3, 1), (line.OrderedQty, line.AllocatedQty, line.WaitingQty, line.QueuePosition));
        Assert.Equal(LineStatus.PartiallyAllocated, line.Status);
        Assert.Equal(OrderStatus.PartiallyAllocated, order.Status);
        var allocation = Assert.Single(line.Allocations);
        Assert.Equal((5, AllocationCause.Placement, "SO-1"), (allocation.Qty, allocation.Cause, allocation.CauseReference));
        // The backorder notice to the customer is on the timeline too (API.md: Notification).
        Assert.Equal([TimelineKind.Placed, TimelineKind.Backordered, TimelineKind.Notification], order.Timeline.Select(t => t.Kind));
        Assert.Equal((5, 5, 3), await s.SkuAsync("TENT"));
    }

    [Fact]
    public async Task Receipt_fills_expedite_then_key_account_then_standard_whatever_the_placing_order()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-STD", [("TENT", 2)], "Standard", placedAt: Earlier);
        await s.PlaceAsync("SO-KEY", [("TENT", 2)], "KeyAccount", placedAt: Earlier.AddMinutes(1));
        await s.PlaceAsync("SO-EXP", [("TENT", 2)], "Expedite", placedAt: Earlier.AddMinutes(2));

        Assert.Equal(1, (await s.GetAsync("SO-EXP")).Lines[0].QueuePosition);
        Assert.Equal(2, (await s.GetAsync("SO-KEY")).Lines[0].QueuePosition);
        Assert.Equal(3, (await s.GetAsync("SO-STD")).Lines[0].QueuePosition);

        await s.ReceiveAsync("TENT", 3);

        var expedite = (await s.GetAsync("SO-EXP")).Lines[0];
        var key = (await s.GetAsync("SO-KEY")).Lines[0];
        var standard = (await s.GetAsync("SO-STD")).Lines[0];
        Assert.Equal((2, null), (expedite.AllocatedQty, expedite.QueuePosition));
        Assert.Equal((1, 1), (key.AllocatedQty, key.QueuePosition));
        Assert.Equal((0, 2), (standard.AllocatedQty, standard.QueuePosition));
        var why = Assert.Single(expedite.Allocations);
        Assert.Equal((AllocationCause.Receipt, 1, "priority Expedite is served before KeyAccount"), (why.Cause, why.QueuePosition, why.Rule));
        Assert.Equal("SO-KEY/1, SO-STD/1", why.AheadOf);
    }

    [Fact]
    public async Task Receipt_fills_the_oldest_key_account_line_first()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-NEW", [("TENT", 1)], "KeyAccount", placedAt: Earlier.AddMinutes(5));
        await s.PlaceAsync("SO-OLD", [("TENT", 1)], "KeyAccount", placedAt: Earlier);

        await s.ReceiveAsync("TENT", 1);

        Assert.Equal(1, (await s.GetAsync("SO-OLD")).Lines[0].AllocatedQty);
        Assert.Equal((0, 1), ((await s.GetAsync("SO-NEW")).Lines[0].AllocatedQty, (await s.GetAsync("SO-NEW")).Lines[0].QueuePosition));
        Assert.Equal("same priority (KeyAccount), placed earlier: first come, first served", (await s.GetAsync("SO-OLD")).Lines[0].Allocations[0].Rule);
    }

    [Fact]
    public async Task Same_time_is_ordered_by_order_number_then_line_number()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-B", [("TENT", 1)], placedAt: Earlier);
        await s.PlaceAsync("SO-A", [("TENT", 1), ("TENT", 1)], placedAt: Earlier);

        Assert.Equal([1, 2], (await s.GetAsync("SO-A")).Lines.Select(l => l.QueuePosition));
        Assert.Equal(3, (await s.GetAsync("SO-B")).Lines[0].QueuePosition);

        await s.ReceiveAsync("TENT", 2);

        Assert.Equal([1, 1], (await s.GetAsync("SO-A")).Lines.Select(l => l.AllocatedQty));
        Assert.Equal((0, 1), ((await s.GetAsync("SO-B")).Lines[0].AllocatedQty, (await s.GetAsync("SO-B")).Lines[0].QueuePosition));
    }

    [Fact]
    public async Task Partly_allocated_line_keeps_its_place_for_the_rest()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 5)], placedAt: Earlier);
        await s.PlaceAsync("SO-2", [("TENT", 5)], placedAt: Earlier.AddMinutes(1));

        await s.ReceiveAsync("TENT", 3);
        var first = (await s.GetAsync("SO-1")).Lines[0];
        Assert.Equal((3, 2, 1, LineStatus.PartiallyAllocated), (first.AllocatedQty, first.WaitingQty, first.QueuePosition, first.Status));
        Assert.Equal(2, (await s.GetAsync("SO-2")).Lines[0].QueuePosition);

        await s.ReceiveAsync("TENT", 4);

        Assert.Equal((5, null), ((await s.GetAsync("SO-1")).Lines[0].AllocatedQty, (await s.GetAsync("SO-1")).Lines[0].QueuePosition));
        var second = (await s.GetAsync("SO-2")).Lines[0];
        Assert.Equal((2, 3, 1), (second.AllocatedQty, second.WaitingQty, second.QueuePosition));
    }

    [Fact]
    public async Task Ship_complete_units_show_as_held_for_completion_and_the_order_ships_only_when_complete()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.AddSkuAsync("POLE");
        await s.ReceiveAsync("TENT", 2);

        var order = await s.PlaceAsync("SO-B2B", [("TENT", 2), ("POLE", 1)], shipPolicy: "ShipComplete", type: "B2b");

        Assert.Equal([2, 0], order.Lines.Select(l => l.HeldForCompletion));
        Assert.Equal(OrderStatus.PartiallyAllocated, order.Status);
        var before = await s.StateAsync();
        var refused = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-B2B" }, s.Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("ships complete", (await refused.Content.ReadAsStringAsync(s.Ct)), StringComparison.Ordinal);
        Assert.Equal(before, await s.StateAsync());

        await s.ReceiveAsync("POLE", 1);
        var complete = await s.GetAsync("SO-B2B");
        Assert.Equal((OrderStatus.ReadyToShip, 0), (complete.Status, complete.Lines.Sum(l => l.HeldForCompletion)));

        var shipment = await s.ReadAsync<ShipmentAnswer>(await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-B2B" }, s.Ct));
        Assert.Equal([(1, "TENT", 2), (2, "POLE", 1)], shipment.Lines.Select(l => (l.LineNumber, l.Sku, l.Qty)));
        Assert.Equal(OrderStatus.Shipped, shipment.Order.Status);
        Assert.Equal((0, 0, 0), await s.SkuAsync("TENT"));
    }

    [Fact]
    public async Task Preorder_line_waits_for_the_release_date_even_with_stock_on_hand()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        var release = new DateOnly(2026, 11, 26); // Thursday
        await s.AddSkuAsync("GAME", SellingPolicy.Preorder, release);
        await s.ReceiveAsync("GAME", 10);

        var order = await s.PlaceAsync("SO-PRE", [("GAME", 2)]);

        var line = order.Lines[0];
        Assert.Equal((0, 2, 1, LineStatus.Preorder), (line.AllocatedQty, line.WaitingQty, line.QueuePosition, line.Status));
        Assert.Equal(new EtaView(new DateOnly(2026, 11, 27), new DateOnly(2026, 11, 27), true), line.Eta);
        Assert.Equal((10, 0, 2), await s.SkuAsync("GAME"));
    }

    [Fact]
    public async Task Held_line_is_skipped_keeps_its_place_and_is_served_on_release()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 2)], placedAt: Earlier);
        await s.PlaceAsync("SO-2", [("TENT", 2)], placedAt: Earlier.AddMinutes(1));
        await s.PlaceAsync("SO-3", [("TENT", 2)], placedAt: Earlier.AddMinutes(2));

        var held = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync("/api/orders/SO-1/lines/1/hold", new { reason = "payment declined" }, s.Ct));
        Assert.Equal((LineStatus.Held, true, "payment declined", 1), (held.Lines[0].Status, held.Lines[0].OnHold, held.Lines[0].HoldReason, held.Lines[0].QueuePosition));
        Assert.Equal(OrderStatus.OnHold, held.Status);

        await s.ReceiveAsync("TENT", 2);

        Assert.Equal((0, 1), ((await s.GetAsync("SO-1")).Lines[0].AllocatedQty, (await s.GetAsync("SO-1")).Lines[0].QueuePosition));
        var second = (await s.GetAsync("SO-2")).Lines[0];
        Assert.Equal(2, second.AllocatedQty);
        Assert.Contains("skipped SO-1/1 on hold (they keep their place)", second.Allocations[0].Rule, StringComparison.Ordinal);
        Assert.Equal(2, (await s.GetAsync("SO-3")).Lines[0].QueuePosition);

        // Two more units: SO-1 is still held, so they go to SO-3, the next line that may take them.
        await s.ReceiveAsync("TENT", 2);
        Assert.Equal(2, (await s.GetAsync("SO-3")).Lines[0].AllocatedQty);

        // Two idle units while SO-1 is held; releasing it allocates them at once.
        await s.ReceiveAsync("TENT", 2);
        Assert.Equal((6, 4, 2), await s.SkuAsync("TENT"));
        var released = await s.ReadAsync<OrderView>(await s.Api.PostAsync("/api/orders/SO-1/lines/1/release", null, s.Ct));
        Assert.Equal((2, false, LineStatus.Allocated), (released.Lines[0].AllocatedQty, released.Lines[0].OnHold, released.Lines[0].Status));
        Assert.Equal(AllocationCause.HoldReleased, released.Lines[0].Allocations[0].Cause);
        Assert.Equal([TimelineKind.Held, TimelineKind.Released, TimelineKind.Allocated], released.Timeline.Select(t => t.Kind).Where(k => k is TimelineKind.Held or TimelineKind.Released or TimelineKind.Allocated));
    }

    [Fact]
    public async Task Held_line_does_not_ship_until_released()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 2);
        await s.PlaceAsync("SO-1", [("TENT", 2)]);
        await s.Api.PostAsJsonAsync("/api/orders/SO-1/lines/1/hold", new { reason = "fraud check" }, s.Ct);
        var before = await s.StateAsync();

        var refused = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1" }, s.Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Cancelling_allocated_units_reallocates_them_at_once_to_the_next_line()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 3);
        await s.PlaceAsync("SO-1", [("TENT", 3)], placedAt: Earlier);
        await s.PlaceAsync("SO-2", [("TENT", 2)], placedAt: Earlier.AddMinutes(1));

        var cancelled = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync("/api/orders/SO-1/lines/1/cancel", new { }, s.Ct));

        Assert.Equal((3, 0, LineStatus.Cancelled, OrderStatus.Cancelled), (cancelled.Lines[0].CancelledQty, cancelled.Lines[0].AllocatedQty, cancelled.Lines[0].Status, cancelled.Status));
        var next = (await s.GetAsync("SO-2")).Lines[0];
        Assert.Equal((2, LineStatus.Allocated), (next.AllocatedQty, next.Status));
        Assert.Equal((AllocationCause.Cancellation, "SO-1"), (next.Allocations[0].Cause, next.Allocations[0].CauseReference));
        Assert.Equal((3, 2, 0), await s.SkuAsync("TENT"));
    }

    [Fact]
    public async Task Partial_cancel_takes_waiting_units_first()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 2);
        await s.PlaceAsync("SO-1", [("TENT", 5)]);

        var view = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync("/api/orders/SO-1/lines/1/cancel", new { qty = 3 }, s.Ct));

        Assert.Equal((3, 2, 0, null, LineStatus.Allocated), (view.Lines[0].CancelledQty, view.Lines[0].AllocatedQty, view.Lines[0].WaitingQty, view.Lines[0].QueuePosition, view.Lines[0].Status));
        Assert.Equal((2, 2, 0), await s.SkuAsync("TENT"));
    }

    [Fact]
    public async Task Stop_selling_sku_with_zero_available_refuses_the_order_and_saves_nothing()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("LAMP", SellingPolicy.StopSelling);
        await s.AddSkuAsync("TENT");
        var before = await s.StateAsync();

        var response = await s.Api.PostAsJsonAsync("/api/orders", OrderBody("SO-1", ("TENT", 1), ("LAMP", 1)), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("LAMP is out of stock and not sold on backorder. Offer a restock notice instead.", problem.Title);
        Assert.True(problem.Errors!.ContainsKey("lines[1].qty"));
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Stop_selling_sku_sells_what_is_available_and_refuses_more()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("LAMP", SellingPolicy.StopSelling);
        await s.ReceiveAsync("LAMP", 2);
        var before = await s.StateAsync();

        var tooMany = await s.Api.PostAsJsonAsync("/api/orders", OrderBody("SO-1", ("LAMP", 3)), s.Ct);
        Assert.Equal("LAMP is not sold on backorder and only 2 are available.", (await s.ReadAsync<Problem>(tooMany, HttpStatusCode.UnprocessableEntity)).Title);
        Assert.Equal(before, await s.StateAsync());

        var order = await s.PlaceAsync("SO-2", [("LAMP", 2)]);
        Assert.Equal(OrderStatus.ReadyToShip, order.Status);
    }

    [Fact]
    public async Task Discontinued_sku_takes_no_new_orders()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("OLD", SellingPolicy.Discontinued);
        await s.ReceiveAsync("OLD", 5);
        var before = await s.StateAsync();

        var response = await s.Api.PostAsJsonAsync("/api/orders", OrderBody("SO-1", ("OLD", 1)), s.Ct);

        Assert.Equal("OLD is discontinued and takes no new orders.", (await s.ReadAsync<Problem>(response, HttpStatusCode.UnprocessableEntity)).Title);
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Queue_positions_and_eta_ranges_follow_the_inbound_purchase_orders()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.AddPurchaseOrderAsync("PO-1", "TENT", 10, new DateOnly(2026, 12, 4)); // a Friday
        await s.PlaceAsync("SO-1", [("TENT", 4)], placedAt: Earlier);
        await s.PlaceAsync("SO-2", [("TENT", 4)], placedAt: Earlier.AddMinutes(1));
        await s.PlaceAsync("SO-3", [("TENT", 4)], placedAt: Earlier.AddMinutes(2));

        var lines = new[] { (await s.GetAsync("SO-1")).Lines[0], (await s.GetAsync("SO-2")).Lines[0], (await s.GetAsync("SO-3")).Lines[0] };

        Assert.Equal([1, 2, 3], lines.Select(l => l.QueuePosition));

        // 4 + 4 are covered by PO-1 (Fri Dec 4) plus one working day: Mon Dec 7. The third line's 12
        // are not: a new order would arrive today + 10 days lead time (Thu Dec 3), but the lines ahead
        // take the first units, so not before PO-1's Dec 4; plus a working day, unconfirmed.
        var dec7 = new DateOnly(2026, 12, 7);
        Assert.Equal(new EtaView(dec7, dec7, true), lines[0].Eta);
        Assert.Equal(new EtaView(dec7, dec7, true), lines[1].Eta);
        Assert.Equal(new EtaView(dec7, dec7, false), lines[2].Eta);
        var quoted = Assert.Single(lines[0].EtaHistory);
        Assert.Equal((dec7, dec7, null), (quoted.From, quoted.To, quoted.PreviousTo));
        Assert.StartsWith("quoted at placement of SO-1", quoted.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateOnly(2026, 12, 7), (await s.GetAsync("SO-2")).PromisedDate);
    }

    [Fact]
    public async Task Moving_an_order_to_expedite_puts_it_first_in_the_queue_and_refreshes_etas()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 1);
        await s.AddPurchaseOrderAsync("PO-1", "TENT", 4, new DateOnly(2026, 12, 4));
        await s.PlaceAsync("SO-1", [("TENT", 5)], placedAt: Earlier);
        await s.PlaceAsync("SO-2", [("TENT", 4)], placedAt: Earlier.AddMinutes(1));

        var moved = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync("/api/orders/SO-2/priority", new { priority = "Expedite" }, s.Ct));

        Assert.Equal((OrderPriority.Expedite, 1), (moved.Priority, moved.Lines[0].QueuePosition));
        Assert.Equal(new DateOnly(2026, 12, 7), moved.Lines[0].Eta!.To);
        Assert.Contains(moved.Timeline, t => t.Kind == TimelineKind.PriorityChanged && t.Text == "Priority changed from Standard to Expedite." && t.Actor == "api:integration");
        var first = (await s.GetAsync("SO-1")).Lines[0];

        // SO-1 keeps the unit it got at placement (allocations stand) and now waits behind SO-2.
        Assert.Equal((1, 4, 2), (first.AllocatedQty, first.WaitingQty, first.QueuePosition));
        Assert.False(first.Eta!.Confirmed);
        Assert.Equal(2, first.EtaHistory.Count);
    }

    [Fact]
    public async Task Shipping_named_lines_ships_those_units_and_refuses_more_than_allocated()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.AddSkuAsync("POLE");
        await s.ReceiveAsync("TENT", 3);
        await s.PlaceAsync("SO-1", [("TENT", 3), ("POLE", 2)]);
        var before = await s.StateAsync();

        var tooMany = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1", lines = new[] { new { lineNumber = 1, qty = 4 } } }, s.Ct);
        var problem = await s.ReadAsync<Problem>(tooMany, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("Line 1 of SO-1 has 3 allocated; 4 cannot ship.", problem.Title);
        Assert.True(problem.Errors!.ContainsKey("lines[0].qty"));
        var nothingAllocated = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1", lines = new[] { new { lineNumber = 2, qty = 1 } } }, s.Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothingAllocated.StatusCode);
        var unknownOrder = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-404" }, s.Ct);
        Assert.Equal("Order SO-404 does not exist. Check the order number.", (await s.ReadAsync<Problem>(unknownOrder, HttpStatusCode.UnprocessableEntity)).Title);
        var unknownLine = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1", lines = new[] { new { lineNumber = 9, qty = 1 } } }, s.Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownLine.StatusCode);
        Assert.Equal(before, await s.StateAsync());

        var shipment = await s.ReadAsync<ShipmentAnswer>(await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1", lines = new[] { new { lineNumber = 1, qty = 2 } } }, s.Ct));

        Assert.Equal([(1, "TENT", 2)], shipment.Lines.Select(l => (l.LineNumber, l.Sku, l.Qty)));
        Assert.Equal((2, 1, OrderStatus.PartiallyShipped), (shipment.Order.Lines[0].ShippedQty, shipment.Order.Lines[0].AllocatedQty, shipment.Order.Status));
        Assert.Contains(shipment.Order.Timeline, t => t.Kind == TimelineKind.Shipped && t.Text == "Shipped 2 of TENT.");
        Assert.Equal((1, 1, 0), await s.SkuAsync("TENT"));
        Assert.Equal((0, 0, 2), await s.SkuAsync("POLE"));
    }

    internal static object OrderBody(string number, params (string Sku, int Qty)[] lines) => new
    {
        number,
        customer = new { code = "C-1", name = "Jane Doe", email = "jane@example.com", type = "Dtc" },
        shipPolicy = "ShipPartial",
        lines = lines.Select(l => new { sku = l.Sku, qty = l.Qty }),
    };
}

public sealed record Problem(int Status, string Title, Dictionary<string, string[]>? Errors);

/// <summary>Every test of <see cref="OrderAllocationRulesTests"/> on PostgreSQL.</summary>
public sealed class OrderAllocationRulesTestsOnPostgres : OrderAllocationRulesTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
