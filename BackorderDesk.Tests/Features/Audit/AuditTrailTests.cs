using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Adjustments;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Tests.Features.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Audit;

/// <summary>Every manual change through its use case writes one audit entry with who, before and after; a refused one writes none.</summary>
public sealed class AuditTrailTests
{
    private static readonly DeskActor Ann = new("ann", "Ann Agent");
    private static readonly DeskActor Max = new("max", "Max Manager");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Adjustments_and_counts_record_on_hand_before_and_after_and_a_refused_one_records_nothing()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("A");
        await s.ReceiveAsync("A", 10);
        var adjust = s.Factory.Services.GetRequiredService<AdjustStock>();

        await adjust.HandleAsync(new AdjustmentRequest("A", -3, null, "damaged"), Max, Ct);
        await adjust.HandleAsync(new AdjustmentRequest("A", null, 12, "cycle count"), Max, Ct);
        await Assert.ThrowsAsync<DomainException>(() => adjust.HandleAsync(new AdjustmentRequest("A", -50, null, "lost"), Max, Ct));

        Assert.Equal(
            [
                ("max", "Max Manager", AuditActions.StockAdjusted, AuditSubject.Sku, "A", "10 on hand", "7 on hand"),
                ("max", "Max Manager", AuditActions.StockCounted, AuditSubject.Sku, "A", "7 on hand", "12 on hand"),
            ],
            (await EntriesAsync(s)).Select(e => (e.UserName, e.ActorName, e.Action, e.Subject, e.SubjectKey, e.Before, e.After)));
    }

    [Fact]
    public async Task Order_changes_record_who_and_the_value_before_and_after_and_the_timeline_names_the_person()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("A");
        await s.AddSkuAsync("B");
        await s.AddSkuAsync("C");
        await s.ReceiveAsync("B", 5);
        await s.PlaceAsync("SO-1", [("A", 4), ("C", 1)]);
        var services = s.Factory.Services;

        await services.GetRequiredService<HoldLine>().HoldAsync("SO-1", 2, new HoldLineRequest("payment check"), Ann, Ct);
        await services.GetRequiredService<HoldLine>().ReleaseAsync("SO-1", 2, Ann, Ct);
        await services.GetRequiredService<ChangePriority>().HandleAsync("SO-1", new ChangePriorityRequest("Expedite"), Max, Ct);
        await services.GetRequiredService<CancelLine>().HandleAsync("SO-1", 1, new CancelLineRequest(1), Ann, Ct);
        await services.GetRequiredService<SwapLine>().HandleAsync("SO-1", 2, "B", Ann, Ct);
        await services.GetRequiredService<AgentNotes>().GoodwillAsync("SO-1", "SORRY10", null, Ann, Ct);

        // Refused: already released, more than open: nothing is recorded.
        await Assert.ThrowsAsync<DomainException>(() => services.GetRequiredService<HoldLine>().ReleaseAsync("SO-1", 2, Ann, Ct));
        await Assert.ThrowsAsync<DomainException>(() => services.GetRequiredService<CancelLine>().HandleAsync("SO-1", 1, new CancelLineRequest(9), Ann, Ct));

        Assert.Equal(
            [
                ("ann", AuditActions.LineHeld, (int?)2, "Not on hold", "On hold: payment check"),
                ("ann", AuditActions.LineReleased, 2, "On hold: payment check", "Not on hold"),
                ("max", AuditActions.PriorityChanged, null, "Standard", "Expedite"),
                ("ann", AuditActions.LineCancelled, 1, "4 open", "3 open"),
                ("ann", AuditActions.LineSwapped, 2, "1 × C (line 2)", "1 × B (line 3)"),
                ("ann", AuditActions.GoodwillGiven, null, null, "discount code SORRY10"),
            ],
            (await EntriesAsync(s)).Select(e => (e.UserName, e.Action, e.LineNumber, e.Before, e.After)));
        Assert.All(await EntriesAsync(s), e => Assert.Equal((AuditSubject.Order, "SO-1"), (e.Subject, e.SubjectKey)));

        var order = await s.GetAsync("SO-1");
        Assert.Contains(order.Timeline, t => t.Kind == TimelineKind.Held && t.Actor == "Ann Agent");
        Assert.Contains(order.Timeline, t => t.Kind == TimelineKind.PriorityChanged && t.Actor == "Max Manager");
        Assert.Contains(order.Timeline, t => t.Kind == TimelineKind.Cancelled && t.Actor == "Ann Agent");
    }

    [Fact]
    public async Task An_agent_cannot_approve_their_own_expedite_request_and_the_refusal_records_nothing()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("A");
        await s.PlaceAsync("SO-1", [("A", 1)]);
        await s.PlaceAsync("SO-2", [("A", 1)]);
        var expedite = s.Factory.Services.GetRequiredService<ExpediteRequests>();
        await expedite.RequestAsync("SO-1", "Wedding on Saturday", Ann, Ct);
        await expedite.RequestAsync("SO-2", "Birthday", Ann, Ct);
        var pending = await expedite.PendingAsync(Ct);

        // The same person under another display name is still the one who asked.
        var own = await Assert.ThrowsAsync<DomainException>(() => expedite.DecideAsync(pending[0].Id, approve: true, new DeskActor("ann", "Ann (manager hat)"), Ct));
        Assert.Equal("You asked for order SO-1 to be expedited; another manager must approve or decline your own request.", own.Message);
        Assert.Equal(2, (await expedite.PendingAsync(Ct)).Count);
        Assert.Equal(OrderPriority.Standard, (await s.GetAsync("SO-1")).Priority);
        Assert.Equal(2, (await EntriesAsync(s)).Count);

        await expedite.DecideAsync(pending[0].Id, approve: true, Max, Ct);
        await expedite.DecideAsync(pending[1].Id, approve: false, Max, Ct);

        Assert.Equal(
            [
                ("ann", "Ann Agent", AuditActions.ExpediteRequested, "SO-1", "Standard", "Expedite requested"),
                ("ann", "Ann Agent", AuditActions.ExpediteRequested, "SO-2", "Standard", "Expedite requested"),
                ("max", "Max Manager", AuditActions.ExpediteApproved, "SO-1", "Standard", "Expedite"),
                ("max", "Max Manager", AuditActions.ExpediteDeclined, "SO-2", "Standard", "Standard"),
            ],
            (await EntriesAsync(s)).Select(e => (e.UserName, e.ActorName, e.Action, e.SubjectKey, e.Before, e.After)));
        Assert.Equal(OrderPriority.Expedite, (await s.GetAsync("SO-1")).Priority);
    }

    [Fact]
    public async Task Purchase_order_changes_are_recorded_on_the_order_and_on_its_skus_with_the_api_key_as_author()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("A");
        var order = new { number = "PO-1", supplier = "SUP", lines = new[] { new { sku = "A", qty = 10, expectedDate = new DateOnly(2026, 12, 3) } } };
        Assert.Equal(HttpStatusCode.Created, (await s.Api.PostAsJsonAsync("/api/purchase-orders", order, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await s.Api.PostAsJsonAsync("/api/purchase-orders", order, Ct)).StatusCode);

        await s.Factory.Services.GetRequiredService<MoveExpectedDate>().HandleAsync("PO-1", "A", new ExpectedDateRequest(new DateOnly(2026, 12, 10), "port strike"), Max, Ct);
        await s.Factory.Services.GetRequiredService<CancelPurchaseOrderLine>().HandleAsync("PO-1", "A", Max, Ct);
        await Assert.ThrowsAsync<DomainException>(() => s.Factory.Services.GetRequiredService<CancelPurchaseOrderLine>().HandleAsync("PO-1", "A", Max, Ct));

        Assert.Equal(
            [
                ("api:integration", AuditActions.PurchaseOrderCreated, AuditSubject.PurchaseOrder, "PO-1", null, "10 × A for 2026-12-03"),
                ("api:integration", AuditActions.PurchaseOrderCreated, AuditSubject.Sku, "A", null, "10 on PO-1 for 2026-12-03"),
                ("max", AuditActions.ExpectedDateMoved, AuditSubject.PurchaseOrder, "PO-1", "2026-12-03", "2026-12-10"),
                ("max", AuditActions.ExpectedDateMoved, AuditSubject.Sku, "A", "2026-12-03", "2026-12-10"),
                ("max", AuditActions.PurchaseLineCancelled, AuditSubject.PurchaseOrder, "PO-1", "A: 10 to come", "A: 0 to come"),
                ("max", AuditActions.PurchaseLineCancelled, AuditSubject.Sku, "A", "10 to come on PO-1", "0 to come on PO-1"),
            ],
            (await EntriesAsync(s)).Select(e => (e.UserName, e.Action, e.Subject, e.SubjectKey, e.Before, e.After)));
    }

    [Fact]
    public async Task A_planning_override_is_recorded_when_it_changes_and_not_when_the_sku_is_saved_unchanged()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("A");
        var save = s.Factory.Services.GetRequiredService<SaveSku>();
        SkuRequest Request(int? reorderPoint) => new("A", "A name", null, null, "Backorderable", null, "SUP", null, reorderPoint, null, null, null, null);

        await save.UpsertAsync("A", Request(40), Max, Ct);
        await save.UpsertAsync("A", Request(40), Max, Ct);
        await save.UpsertAsync("A", Request(null), Max, Ct);

        Assert.Equal(
            [
                ("max", "reorder point computed, safety stock computed", "reorder point 40 (manual), safety stock computed"),
                ("max", "reorder point 40 (manual), safety stock computed", "reorder point computed, safety stock computed"),
            ],
            (await EntriesAsync(s)).Where(e => e.Action == AuditActions.PlanningOverridden).Select(e => (e.UserName, e.Before, e.After)));
    }

    private static async Task<List<AuditEntry>> EntriesAsync(OrdersScenario s)
    {
        await using var db = s.Factory.CreateDbContext();
        return await db.AuditTrail.AsNoTracking().OrderBy(a => a.Id).ToListAsync(Ct);
    }
}
