using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.Features.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>
/// Every customer event writes exactly one outbox message, in the transaction of the change. The
/// clock stands at Monday 2026-11-23; supplier SUP has a 10-day lead time and no lateness history;
/// handling is one working day.
/// </summary>
public class CustomerNoticeTests
{
    /// <summary>The database these tests run on; <see cref="CustomerNoticeTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_backorder_its_slips_an_earlier_date_readiness_and_shipment_each_write_one_message()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.AddPurchaseOrderAsync("PO-1", "A", 10, new DateOnly(2026, 12, 3));
        await s.PlaceAsync("SO-1", [("A", 3)]);

        // PO on Thursday Dec 3 plus one working day: Friday Dec 4, no lateness to widen it.
        var placed = Assert.Single(await MessagesAsync(s, "SO-1"));
        Assert.Equal(NotificationKind.Backordered, placed.Kind);
        Assert.Equal("jane@example.com", placed.To);
        Assert.Equal("Your order SO-1: 1 item on backorder", placed.Subject);
        Assert.Contains("- 3 × A name: expected to ship Dec 4", placed.Body, StringComparison.Ordinal);

        await MoveAsync(s, new DateOnly(2026, 12, 10));
        await MoveAsync(s, new DateOnly(2026, 12, 17));
        await MoveAsync(s, new DateOnly(2026, 12, 14));
        var messages = await MessagesAsync(s, "SO-1");
        Assert.Equal([NotificationKind.Backordered, NotificationKind.DelayNotice, NotificationKind.DelayNotice, NotificationKind.EtaEarlier], messages.Select(m => m.Kind));
        Assert.Contains("- 3 × A name: expected to ship Dec 11 (before: Dec 4)", messages[1].Body, StringComparison.Ordinal);
        Assert.Contains("- 3 × A name: expected to ship Dec 18 (before: Dec 11)", messages[2].Body, StringComparison.Ordinal);
        Assert.Contains("not the first delay", messages[2].Body, StringComparison.Ordinal);
        Assert.Contains("- 3 × A name: expected to ship Dec 15 (before: Dec 18)", messages[3].Body, StringComparison.Ordinal);

        // The second slip made it a rolling backorder, noted once on the timeline.
        var order = await s.GetAsync("SO-1");
        Assert.True(order.Lines[0].RollingBackorder);
        Assert.Single(order.Timeline, t => t.Kind == TimelineKind.Note && t.Text.StartsWith("Rolling backorder", StringComparison.Ordinal));

        await s.ReceiveAsync("A", 3);
        var ship = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1" }, Ct);
        Assert.Equal(HttpStatusCode.OK, ship.StatusCode);

        messages = await MessagesAsync(s, "SO-1");
        Assert.Equal(6, messages.Count);
        Assert.Equal(NotificationKind.ReadyToShip, messages[4].Kind);
        Assert.Equal("Your order SO-1 is ready to ship", messages[4].Subject);
        Assert.Equal(NotificationKind.Shipped, messages[5].Kind);
        Assert.Equal("Your order SO-1 has shipped", messages[5].Subject);

        // The timeline shows each message with its delivery state.
        order = await s.GetAsync("SO-1");
        var notifications = order.Timeline.Where(t => t.Kind == TimelineKind.Notification).ToList();
        Assert.Equal(6, notifications.Count);
        Assert.All(notifications, n => Assert.Equal(DeliveryState.Pending, n.Delivery));
    }

    [Fact]
    public async Task A_cancelled_line_and_a_partial_shipment_each_write_one_message()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.AddSkuAsync("B");
        await s.AddSkuAsync("C");
        await s.ReceiveAsync("C", 5);
        await s.PlaceAsync("SO-2", [("A", 2), ("B", 1)]);
        await s.PlaceAsync("SO-3", [("C", 2), ("A", 1)], customerCode: "C-3", customerName: "Sam Lee", email: "sam@example.com");

        // No PO: today + 10 days lead time = Thursday Dec 3, plus a working day.
        var backordered = Assert.Single(await MessagesAsync(s, "SO-2"));
        Assert.Contains("- 1 × B name: no confirmed delivery from the supplier yet; our estimate is Dec 4", backordered.Body, StringComparison.Ordinal);

        var cancel = await s.Api.PostAsJsonAsync("/api/orders/SO-2/lines/2/cancel", new { }, Ct);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var cancelled = (await MessagesAsync(s, "SO-2"))[1];
        Assert.Equal(NotificationKind.Cancelled, cancelled.Kind);
        Assert.Contains("- 1 × B name", cancelled.Body, StringComparison.Ordinal);
        Assert.Contains("The rest of your order is unchanged.", cancelled.Body, StringComparison.Ordinal);
        Assert.Equal(2, (await MessagesAsync(s, "SO-2")).Count);

        var ship = await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-3" }, Ct);
        Assert.Equal(HttpStatusCode.OK, ship.StatusCode);
        var messages = await MessagesAsync(s, "SO-3");
        Assert.Equal([NotificationKind.Backordered, NotificationKind.Shipped], messages.Select(m => m.Kind));
        Assert.Equal("Part of your order SO-3 has shipped", messages[1].Subject);
        Assert.Contains("- 2 × C name", messages[1].Body, StringComparison.Ordinal);
        Assert.Contains("Still to come:\n- 1 × A name:", messages[1].Body.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_customer_without_email_gets_no_message_and_an_in_stock_order_needs_none()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.AddSkuAsync("C");
        await s.ReceiveAsync("C", 5);
        await s.PlaceAsync("SO-4", [("A", 1)], email: null);
        await s.PlaceAsync("SO-5", [("C", 1)], customerCode: "C-5");
        await using var db = s.Factory.CreateDbContext();
        Assert.Equal(0, await db.Outbox.CountAsync(Ct));
    }

    [Fact]
    public async Task A_command_that_fails_at_commit_leaves_neither_its_change_nor_its_message()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.PlaceAsync("SO-6", [("A", 2)]);
        var writer = s.Factory.Services.GetRequiredService<WarehouseWriter>();

        // The cancellation owes the customer a message, then a duplicate order number breaks the save.
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => writer.WriteAsync(
            async (scope, ct) =>
            {
                var order = await scope.LoadOrderAsync("SO-6", ct);
                var book = await scope.LoadBookAsync(order.Lines[0].Sku, ct);
                WarehouseOperations.CancelLine(book, order.Lines[0], null, "agent", scope.Operation);
                scope.Db.Orders.Add(new SalesOrder("SO-6", await scope.Db.Clients.FirstAsync(ct), order.Customer, "test", scope.Now, ShipPolicy.ShipPartial, OrderPriority.Standard));
                return true;
            },
            Ct));

        var messages = await MessagesAsync(s, "SO-6");
        Assert.Equal([NotificationKind.Backordered], messages.Select(m => m.Kind));
        var view = await s.GetAsync("SO-6");
        Assert.Equal(0, view.Lines[0].CancelledQty);
        Assert.Equal(2, view.Lines[0].WaitingQty);
    }

    [Fact]
    public async Task An_unconfirmed_estimate_drifting_later_is_not_a_slip_until_the_estimate_given_is_missed()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");

        // No PO: Monday Nov 23 + 10 days lead time = Thursday Dec 3, plus a working day: Dec 4.
        await s.PlaceAsync("SO-1", [("A", 1)]);
        Assert.Equal(new DateOnly(2026, 12, 4), (await s.GetAsync("SO-1")).Lines[0].Eta!.To);

        // A day later another order refreshes the queue: Tuesday Nov 24 + 10 days = Friday Dec 4, plus
        // a working day: Monday Dec 7. The customer was told Dec 4, which has not passed: no slip, no notice.
        s.Time!.Advance(TimeSpan.FromDays(1));
        await s.PlaceAsync("SO-2", [("A", 1)], customerCode: "C-2", email: "two@example.com");
        var drifted = (await s.GetAsync("SO-1")).Lines[0];
        Assert.Equal(new DateOnly(2026, 12, 7), drifted.Eta!.To);
        Assert.Equal([NotificationKind.Backordered], (await MessagesAsync(s, "SO-1")).Select(m => m.Kind));

        // On Saturday Dec 5 the Dec 4 estimate has passed: the next refresh (Dec 15 + a working day =
        // Dec 16) is a slip, and the delay notice names the date the customer was told.
        s.Time.Advance(TimeSpan.FromDays(11));
        await s.PlaceAsync("SO-3", [("A", 1)], customerCode: "C-3", email: "three@example.com");
        var messages = await MessagesAsync(s, "SO-1");
        Assert.Equal([NotificationKind.Backordered, NotificationKind.DelayNotice], messages.Select(m => m.Kind));
        Assert.Contains("- 1 × A name: no confirmed delivery from the supplier yet; our estimate is Dec 16, and we will write when it is confirmed (before: Dec 4)", messages[1].Body, StringComparison.Ordinal);
        Assert.False((await s.GetAsync("SO-1")).Lines[0].RollingBackorder);
    }

    private static async Task MoveAsync(OrdersScenario s, DateOnly date)
    {
        var response = await s.Api.PatchAsJsonAsync("/api/purchase-orders/PO-1/lines/A", new { expectedDate = date }, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
    }

    private static async Task<List<OutboxMessage>> MessagesAsync(OrdersScenario s, string number)
    {
        await using var db = s.Factory.CreateDbContext();
        return await db.Outbox.AsNoTracking().Where(m => m.Order!.Number == number).OrderBy(m => m.Id).ToListAsync(Ct);
    }
}

/// <summary>Every test of <see cref="CustomerNoticeTests"/> on PostgreSQL.</summary>
public sealed class CustomerNoticeTestsOnPostgres : CustomerNoticeTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
