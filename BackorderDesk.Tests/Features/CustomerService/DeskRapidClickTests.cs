using BackorderDesk.Features.Accounts;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>
/// Ten clicks on a desk action while the first click's write is still in flight (held at the
/// <see cref="WriteGate"/>) perform the action once, in the real database. SO-1 (Ada): line 1,
/// 3 × A waiting for PO-77; an expedite request for SO-1 waits for a manager.
/// </summary>
public sealed class DeskRapidClickTests : MudBunitContext
{
    private const int Clicks = 10;
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);
    private WriteGate? _gate;

    public DeskRapidClickTests()
    {
        Services.AddSingleton<IDbContextFactory<WarehouseDbContext>>(_ => Gate);
    }

    private WriteGate Gate => _gate ??= new WriteGate(Database);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ten_clicks_on_yes_cancel_one_unit_cancel_one_unit()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var panel = RenderWithPopovers<DeskOrderPanel>(p => p.Add(x => x.Number, "SO-1").Add(x => x.Actor, new DeskActor("agent", "Agent Smith")));
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("tr[data-line]")), WriteTimeout);
        panel.Find("tr[data-line='1'] .action-cancel").Click();
        dialogs.WaitForElement(".line-action-form .cancel-qty input").Change("1");
        dialogs.Find(".cancel-review").Click();
        dialogs.WaitForElement(".cancel-question");

        await ClickTenTimesAsync(() => dialogs.Find(".action-confirm"));

        panel.WaitForAssertion(() => Assert.Equal("Cancelled 1 of A.", panel.Find(".action-done").TextContent.Trim()), WriteTimeout);
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await db.OrderLines.Where(l => l.Order.Number == "SO-1" && l.LineNumber == 1).Select(l => l.CancelledQty).SingleAsync(Ct));
        Assert.Equal(1, await TimelineCountAsync(db, TimelineKind.Cancelled, null));
    }

    [Fact]
    public async Task Ten_clicks_on_record_goodwill_record_it_once()
    {
        await SeedAsync();
        var panel = RenderWithPopovers<DeskOrderPanel>(p => p.Add(x => x.Number, "SO-1").Add(x => x.Actor, new DeskActor("agent", "Agent Smith")));
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("tr[data-line]")), WriteTimeout);
        panel.Find(".goodwill-code input").Input("SORRY10");

        await ClickTenTimesAsync(() => panel.Find(".action-goodwill"));

        panel.WaitForAssertion(() => Assert.Equal("Goodwill gesture recorded on the timeline.", panel.Find(".action-done").TextContent.Trim()), WriteTimeout);
        Assert.Empty(panel.FindAll(".order-actions [role=alert]"));
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await TimelineCountAsync(db, TimelineKind.AgentAction, "Goodwill gesture"));
    }

    [Fact]
    public async Task Ten_clicks_on_approve_approve_the_expedite_request_once_without_an_error()
    {
        await SeedAsync();
        var panel = RenderWithPopovers<RiskListsPanel>(p => p.Add(x => x.Actor, new DeskActor("manager", "Manager Mia")));
        panel.WaitForElement(".expedite-requests li[data-request] .expedite-approve", WriteTimeout);

        await ClickTenTimesAsync(() => panel.Find(".expedite-approve"));

        panel.WaitForAssertion(() => Assert.Empty(panel.FindAll(".expedite-requests")), WriteTimeout);
        Assert.Empty(panel.FindAll("[role=alert]"));
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, await TimelineCountAsync(db, TimelineKind.AgentAction, "Expedite request approved."));
        Assert.Equal(1, await TimelineCountAsync(db, TimelineKind.PriorityChanged, null));
        Assert.Equal(OrderPriority.Expedite, await db.Orders.Where(o => o.Number == "SO-1").Select(o => o.Priority).SingleAsync(Ct));
    }

    /// <summary>
    /// Clicks once, waits until that click's write is held at the gate, clicks nine more times
    /// (the button as the component shows it then), and lets the writes through.
    /// </summary>
    private async Task ClickTenTimesAsync(Func<AngleSharp.Dom.IElement> button)
    {
        Gate.Close();
        try
        {
            button().Click();
            await Gate.Reached.WaitAsync(WriteTimeout, Ct);
            for (var i = 1; i < Clicks; i++)
            {
                button().Click();
            }
        }
        finally
        {
            Gate.Open();
        }
    }

    private static Task<int> TimelineCountAsync(WarehouseDbContext db, TimelineKind kind, string? startsWith) =>
        db.Orders.Where(o => o.Number == "SO-1")
            .SelectMany(o => o.Timeline)
            .CountAsync(e => e.Kind == kind && (startsWith == null || e.Text.StartsWith(startsWith)), Ct);

    private async Task SeedAsync()
    {
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            var supplier = new Supplier("SUP", "Northwind Supply", 10);
            db.AddRange(client, supplier);
            var sku = new Sku("A", "A name", client, SellingPolicy.Backorderable);
            sku.SetSupply(supplier, null, 1, 1, 5m);
            db.Skus.Add(sku);
            await db.SaveChangesAsync(Ct);
            var po = new PurchaseOrder("PO-77", supplier, Start.UtcDateTime);
            po.AddLine(sku, 20, new DateOnly(2026, 3, 12));
            db.PurchaseOrders.Add(po);
            await db.SaveChangesAsync(Ct);
        }

        await Services.GetRequiredService<PlaceOrder>().HandleAsync(
            new PlaceOrderRequest("SO-1", new CustomerInput("C-1", "Ada", "ada@example.com", "Dtc"), "ACME", "web", null, "ShipPartial", null, [new OrderLineInput("A", 3)]),
            Ct);
        await Services.GetRequiredService<ExpediteRequests>().RequestAsync("SO-1", "Wedding on Saturday", new DeskActor("agent", "Agent Smith"), Ct);
    }
}
