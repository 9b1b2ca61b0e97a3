using BackorderDesk.Data;
using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Tests.Features.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>The desk's actions and call lists through their use cases, on Monday 2026-11-23 (OrdersScenario).</summary>
public class DeskActionTests
{
    /// <summary>The database these tests run on; <see cref="DeskActionTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private static readonly DeskActor Smith = new("smith", "Agent Smith");
    private static readonly DeskActor Mia = new("mia", "Manager Mia");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_waiting_line_swapped_for_an_in_stock_alternative_is_allocated_in_the_same_command()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.AddSkuAsync("B");
        await s.AddSkuAsync("C");
        await s.ReceiveAsync("C", 5);
        await s.PlaceAsync("SO-1", [("A", 2)]);
        var swap = s.Factory.Services.GetRequiredService<SwapLine>();

        Assert.Equal([new SwapCandidate("C", "C name", 5)], await swap.CandidatesAsync("SO-1", 1, null, Ct));
        var before = await s.StateAsync();
        await Assert.ThrowsAsync<DomainException>(() => swap.HandleAsync("SO-1", 1, "B", Smith, Ct)); // B has no stock
        Assert.Equal(before, await s.StateAsync());

        Assert.Equal(2, await swap.HandleAsync("SO-1", 1, "C", Smith, Ct));

        var order = await s.GetAsync("SO-1");
        Assert.Equal((LineStatus.Cancelled, 2), (order.Lines[0].Status, order.Lines[0].CancelledQty));
        Assert.Equal(("C", LineStatus.Allocated, 2), (order.Lines[1].Sku, order.Lines[1].Status, order.Lines[1].AllocatedQty));
        var action = Assert.Single(order.Timeline, t => t.Kind == TimelineKind.AgentAction);
        Assert.Equal("Swapped 2 of A (line 1) for C (new line 2): 2 allocated at once.", action.Text);
        Assert.Equal("Agent Smith", action.Actor);
        Assert.Equal((0, 0, 0), await s.SkuAsync("A"));
        Assert.Equal((5, 2, 0), await s.SkuAsync("C"));
        Assert.Equal([NotificationKind.Backordered, NotificationKind.ReadyToShip], await KindsAsync(s, "SO-1"));
    }

    [Fact]
    public async Task An_expedite_request_waits_for_a_manager_whose_approval_moves_the_order_up()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.PlaceAsync("SO-1", [("A", 1)]);
        var expedite = s.Factory.Services.GetRequiredService<ExpediteRequests>();

        await expedite.RequestAsync("SO-1", "Wedding on Saturday", Smith, Ct);
        await Assert.ThrowsAsync<DomainException>(() => expedite.RequestAsync("SO-1", "Again", Smith, Ct));
        var pending = Assert.Single(await expedite.PendingAsync(Ct));
        Assert.Equal(("SO-1", "Jane Doe", "Wedding on Saturday", "Agent Smith"), (pending.OrderNumber, pending.Customer, pending.Reason, pending.RequestedBy));

        await expedite.DecideAsync(pending.Id, approve: true, Mia, Ct);

        Assert.Empty(await expedite.PendingAsync(Ct));
        var order = await s.GetAsync("SO-1");
        Assert.Equal(OrderPriority.Expedite, order.Priority);
        Assert.Equal(
            [("Asked a manager to expedite: Wedding on Saturday", "Agent Smith"), ("Expedite request approved.", "Manager Mia")],
            order.Timeline.Where(t => t.Kind == TimelineKind.AgentAction).Select(t => (t.Text, t.Actor)));
        Assert.Single(order.Timeline, t => t.Kind == TimelineKind.PriorityChanged && t.Actor == "Manager Mia");
    }

    [Fact]
    public async Task A_goodwill_gesture_is_noted_and_the_latest_update_can_be_resent()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.PlaceAsync("SO-1", [("A", 1)]);
        var notes = s.Factory.Services.GetRequiredService<AgentNotes>();

        await notes.GoodwillAsync("SO-1", "SORRY10", "Long wait", Smith, Ct);
        await notes.ResendLatestAsync("SO-1", Smith, Ct);

        var order = await s.GetAsync("SO-1");
        Assert.Equal(
            ["Goodwill gesture: discount code SORRY10 — Long wait", "Resent the latest update (Backordered: “Your order SO-1: 1 item on backorder”) to jane@example.com."],
            order.Timeline.Where(t => t.Kind == TimelineKind.AgentAction).Select(t => t.Text));
        Assert.Equal([NotificationKind.Backordered, NotificationKind.Backordered], await KindsAsync(s, "SO-1"));
    }

    [Fact]
    public async Task The_call_lists_hold_rolling_backorders_authorizations_that_lapse_first_and_long_waits()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        await s.AddPurchaseOrderAsync("PO-1", "A", 10, new DateOnly(2026, 12, 3));

        // Dtc: authorized 7 days (to Nov 30); B2b: 30 days (to Dec 23).
        await s.PlaceAsync("SO-1", [("A", 3)]);
        await s.PlaceAsync("SO-2", [("A", 1)], customerCode: "C-2", customerName: "Acme Ltd", email: "buyer@acme.example", type: "B2b");
        foreach (var date in new[] { new DateOnly(2026, 12, 10), new DateOnly(2026, 12, 17) })
        {
            var moved = await s.Api.PatchAsJsonAsync("/api/purchase-orders/PO-1/lines/A", new { expectedDate = date }, Ct);
            Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        }

        var risks = s.Factory.Services.GetRequiredService<RiskLists>();
        var lists = await risks.HandleAsync(Ct);
        Assert.Equal(["SO-1", "SO-2"], lists.Rolling.Lines.Select(l => l.OrderNumber).Order());
        Assert.Equal(["SO-1"], lists.AuthorizationExpires.Lines.Select(l => l.OrderNumber)); // ETA Dec 18 after Nov 30
        Assert.Equal(0, lists.LongWaits.Total);

        // 22 days on (Tuesday Dec 15): both have waited more than the 21-day tolerance.
        s.Time!.Advance(TimeSpan.FromDays(22));
        lists = await risks.HandleAsync(Ct);
        Assert.Equal(2, lists.LongWaits.Total);
        Assert.Equal(21, lists.ToleranceDays);
    }

    private static async Task<List<NotificationKind>> KindsAsync(OrdersScenario s, string number)
    {
        await using var db = s.Factory.CreateDbContext();
        return await db.Outbox.AsNoTracking().Where(m => m.Order!.Number == number).OrderBy(m => m.Id).Select(m => m.Kind).ToListAsync(Ct);
    }
}

/// <summary>Every test of <see cref="DeskActionTests"/> on PostgreSQL.</summary>
public sealed class DeskActionTestsOnPostgres : DeskActionTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
