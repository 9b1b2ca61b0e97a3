using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>
/// The desk's order view over a real database, on Monday 2 March 2026. Supplier SUP: 10 days lead
/// time, no lateness history; handling one working day. SO-1 (Ada) has a line in each state:
/// 1 waiting behind SO-0 for PO-77 (Thu Mar 12 → ships Fri Mar 13), 2 held, 3 allocated,
/// 4 cancelled, 5 shipped, 6 a preorder released Wed Apr 1 (→ Thu Apr 2, unconfirmed).
/// </summary>
public sealed class DeskOrderPanelTests : MudBunitContext
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    public DeskOrderPanelTests()
    {
        // The desk acts as the signed-in person: here an agent.
        SignInAs(Smith.UserName, Smith.DisplayName, DeskRoles.Agent, Policies.SignedIn, Policies.Desk, Policies.DeskActions);
    }

    private static readonly DeskActor Smith = new("smith", "Agent Smith");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Each_line_shows_its_state_queue_place_and_eta_basis_and_the_answer_covers_them_all()
    {
        await SeedAsync();

        var panel = RenderWithPopovers<DeskOrderPanel>(p => p.Add(x => x.Number, "SO-1").Add(x => x.Actor, Smith));

        panel.WaitForAssertion(() => Assert.Equal(6, panel.FindAll("tr[data-line]").Count), WriteTimeout);
        Assert.Equal(
            ["waiting", "held", "allocated", "cancelled", "shipped", "preorder"],
            panel.FindAll("tr[data-line] .line-status").Select(c => c.TextContent.Trim()));
        var first = panel.Find("tr[data-line='1']");
        Assert.Equal("2nd in line, 4 units ahead of this order", first.QuerySelector("[data-col=queue]")!.TextContent.Trim());
        Assert.Equal("Mar 13", first.QuerySelector("[data-col=eta]")!.TextContent.Trim());
        Assert.Equal("PO-77 expected Mar 12", first.QuerySelector("[data-col=basis]")!.TextContent.Trim());
        var preorder = panel.Find("tr[data-line='6']");
        Assert.Equal("Apr 2 (estimate)", preorder.QuerySelector("[data-col=eta]")!.TextContent.Trim());
        Assert.Equal("no confirmed supply yet (estimate from the 10-day lead time)", preorder.QuerySelector("[data-col=basis]")!.TextContent.Trim());
        Assert.Equal("Preorder: releases 1 Apr 2026", preorder.QuerySelector(".release-date-chip")!.TextContent.Trim());
        Assert.Single(panel.FindAll(".release-date-chip"));
        Assert.NotNull(panel.Find(".auth-expires"));

        Assert.Equal(
            "The 3 × A name are on backorder: we expect to ship on Mar 13. "
            + "The 1 × B name is on hold on our side (payment check); it will not ship until that is resolved. "
            + "The 2 × C name are in stock, reserved for you and being prepared for shipment. "
            + "The 1 × E name has shipped. "
            + "The 1 × F name is a preorder: the supplier has not confirmed a delivery yet, so our best estimate is Apr 2, and we will tell you when it is confirmed. "
            + "Cancelled and not charged: 1 × D name. "
            + "Your payment authorization runs out before the items can ship, so we will ask you to confirm the payment again before they go out.",
            panel.Find(".answer-text").TextContent.Trim());

        // The backorder, cancellation and partial-shipment notices are on the timeline, not yet delivered.
        var notifications = panel.FindAll("tr[data-kind=Notification]");
        Assert.Equal(3, notifications.Count);
        Assert.All(notifications, n => Assert.Equal("queued", n.QuerySelector(".delivery-state")!.TextContent.Trim()));
    }

    [Fact]
    public async Task Cancelling_an_allocated_line_hands_its_units_to_the_next_customer_and_records_the_agent()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var panel = RenderWithPopovers<DeskOrderPanel>(p => p.Add(x => x.Number, "SO-1").Add(x => x.Actor, Smith));
        panel.WaitForAssertion(() => Assert.Equal(6, panel.FindAll("tr[data-line]").Count), WriteTimeout);

        // The cancel form opens in a dialog, asks for the quantity and asks before it cancels.
        panel.Find("tr[data-line='3'] .action-cancel").Click();
        dialogs.WaitForElement(".line-action-form .cancel-qty input").Change("2");
        dialogs.Find(".cancel-review").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Cancel 2 of 2 units of line 3 (C) of order SO-1?", dialogs.Find(".cancel-question").TextContent.Trim()));
        dialogs.Find(".action-confirm").Click();

        panel.WaitForAssertion(() => Assert.Equal("Cancelled 2 of C. Released units went to SO-2 line 1 (2).", panel.Find(".action-done").TextContent.Trim()), WriteTimeout);
        panel.WaitForAssertion(() => Assert.Equal("cancelled", panel.Find("tr[data-line='3'] .line-status").TextContent.Trim()), WriteTimeout);
        var cancelled = panel.FindAll("tr[data-kind=Cancelled]").First(); // newest first
        Assert.Contains("Cancelled 2 of C.", cancelled.TextContent, StringComparison.Ordinal);
        Assert.Equal("Agent Smith", cancelled.QuerySelector("[data-col=actor]")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_cancel_asks_for_the_quantity_refuses_a_wrong_one_and_asks_before_cancelling()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var panel = RenderWithPopovers<DeskOrderPanel>(p => p.Add(x => x.Number, "SO-1").Add(x => x.Actor, Smith));
        panel.WaitForAssertion(() => Assert.Equal(6, panel.FindAll("tr[data-line]").Count), WriteTimeout);

        panel.Find("tr[data-line='1'] .action-cancel").Click();

        // No quantity is proposed: the whole line is never cancelled by default.
        var field = dialogs.WaitForElement(".line-action-form .cancel-qty input");
        Assert.Equal("", field.GetAttribute("value") ?? "");
        dialogs.Find(".cancel-review").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Enter how many units to cancel: a whole number from 1 to 3.", dialogs.Find(".cancel-qty").TextContent, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll(".cancel-question"));

        dialogs.Find(".cancel-qty input").Change("5");
        dialogs.Find(".cancel-review").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Only 3 units are open on this line; enter 1 to 3.", dialogs.Find(".cancel-qty").TextContent, StringComparison.Ordinal));
        Assert.Empty(dialogs.FindAll(".cancel-question"));

        dialogs.Find(".cancel-qty input").Change("2");
        dialogs.Find(".cancel-review").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Cancel 2 of 3 units of line 1 (A) of order SO-1?", dialogs.Find(".cancel-question").TextContent.Trim()));
        Assert.Equal("Yes, cancel 2 units", dialogs.Find(".action-confirm").TextContent.Trim());

        // Nothing changed before the agent said yes.
        Assert.Equal("3", panel.Find("tr[data-line='1'] [data-col=waiting]").TextContent.Trim());

        dialogs.Find(".action-confirm").Click();

        panel.WaitForAssertion(() => Assert.Equal("Cancelled 2 of A.", panel.Find(".action-done").TextContent.Trim()), WriteTimeout);
        panel.WaitForAssertion(() => Assert.Equal("1", panel.Find("tr[data-line='1'] [data-col=waiting]").TextContent.Trim()), WriteTimeout);
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".line-action-form")));
    }

    [Fact]
    public async Task Closing_the_cancel_dialog_cancels_nothing()
    {
        await SeedAsync();
        var dialogs = Render<MudDialogProvider>();
        var panel = RenderWithPopovers<DeskOrderPanel>(p => p.Add(x => x.Number, "SO-1").Add(x => x.Actor, Smith));
        panel.WaitForAssertion(() => Assert.Equal(6, panel.FindAll("tr[data-line]").Count), WriteTimeout);

        panel.Find("tr[data-line='1'] .action-cancel").Click();
        dialogs.WaitForElement(".line-action-form .cancel-all").Click();
        dialogs.Find(".cancel-review").Click();
        dialogs.WaitForAssertion(() => Assert.Equal("Cancel 3 of 3 units of line 1 (A) of order SO-1?", dialogs.Find(".cancel-question").TextContent.Trim()));
        dialogs.Find(".cancel-back").Click();
        dialogs.WaitForElement(".action-close").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".line-action-form")));
        Assert.Equal("3", panel.Find("tr[data-line='1'] [data-col=waiting]").TextContent.Trim());
        await using var db = Database.CreateDbContext();
        Assert.Equal(1, db.OrderLines.Count(l => l.CancelledQty > 0));
    }

    private async Task SeedAsync()
    {
        await using (var db = Database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            var supplier = new Supplier("SUP", "Northwind Supply", 10);
            db.AddRange(client, supplier);
            foreach (var code in new[] { "A", "B", "C", "D", "E", "F" })
            {
                var sku = new Sku(code, $"{code} name", client, SellingPolicy.Backorderable);
                if (code == "F")
                {
                    sku.Describe("F name", SellingPolicy.Preorder, new DateOnly(2026, 4, 1));
                }

                sku.SetSupply(supplier, null, 1, 1, 5m);
                db.Skus.Add(sku);
            }

            await db.SaveChangesAsync(Ct);
            var po = new PurchaseOrder("PO-77", supplier, Start.UtcDateTime);
            po.AddLine(db.Skus.Single(s => s.Code == "A"), 20, new DateOnly(2026, 3, 12));
            db.PurchaseOrders.Add(po);
            await db.SaveChangesAsync(Ct);
        }

        var writer = Services.GetRequiredService<WarehouseWriter>();
        await writer.WriteAsync(
            async (scope, ct) =>
            {
                foreach (var (code, qty) in new[] { ("C", 2), ("E", 1) })
                {
                    var sku = scope.Db.Skus.Single(s => s.Code == code);
                    WarehouseOperations.Receive(await scope.LoadBookAsync(sku, ct), qty, $"scan-{code}", null, scope.Operation);
                }

                return true;
            },
            Ct);

        var place = Services.GetRequiredService<PlaceOrder>();
        await place.HandleAsync(Request("SO-0", "C-0", "Bob", ("A", 4)), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await place.HandleAsync(Request("SO-1", "C-1", "Ada", ("A", 3), ("B", 1), ("C", 2), ("D", 1), ("E", 1), ("F", 1)), Ct);
        Time.Advance(TimeSpan.FromMinutes(1));
        await place.HandleAsync(Request("SO-2", "C-2", "Cy", ("C", 2)), Ct);
        await Services.GetRequiredService<HoldLine>().HoldAsync("SO-1", 2, new HoldLineRequest("payment check"), Smith, Ct);
        await Services.GetRequiredService<CancelLine>().HandleAsync("SO-1", 4, null, Smith, Ct);
        await Services.GetRequiredService<ShipOrder>().HandleAsync(new ShipmentRequest("SO-1", [new ShipmentLineInput(5, 1)]), Ct);
    }

    private static PlaceOrderRequest Request(string number, string code, string name, params (string Sku, int Qty)[] lines) =>
        new(number, new CustomerInput(code, name, $"{name.ToLowerInvariant()}@example.com", "Dtc"), "ACME", "web", null, "ShipPartial", null,
            lines.Select(l => new OrderLineInput(l.Sku, l.Qty)).ToList());
}
