using BackorderDesk.Features.Planning;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Planning;

/// <summary>The suggested purchase orders of the Planning page over <see cref="PlanningDataSet"/> (one supplier, SUP).</summary>
public sealed class SuggestedPurchaseOrdersPageTests : MudBunitContext
{
    private static readonly TimeSpan WriteTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Creating_asks_first_then_links_to_the_new_purchase_order()
    {
        await using (var db = Database.CreateDbContext())
        {
            await PlanningDataSet.SeedAsync(db, Today);
        }

        var dialogs = Render<MudDialogProvider>();
        var section = RenderWithPopovers<SuggestedPurchaseOrders>(p => p.Add(x => x.Today, Today));
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll(".planning-supplier[data-supplier=SUP] tr.planning-suggested-line")));
        var lines = section.FindAll(".planning-supplier[data-supplier=SUP] tr.planning-suggested-line").Count;

        section.Find(".planning-supplier[data-supplier=SUP] .planning-create-po").Click();

        // The question names the number of purchase orders, the supplier, the lines and units; nothing is created yet.
        var question = dialogs.WaitForElement(".create-po-dialog .create-po-question").TextContent.Trim();
        Assert.Matches($@"^Create 1 purchase order for Northwind Supply, with {lines} lines and \d{{1,3}}(,\d{{3}})* units in all\?$", question);
        Assert.Equal($"Northwind Supply (SUP): {lines} lines", dialogs.Find(".create-po-summary li[data-supplier=SUP]").TextContent.Split(',')[0].Trim());
        await using (var db = Database.CreateDbContext())
        {
            Assert.Equal(2, await db.PurchaseOrders.CountAsync(TestContext.Current.CancellationToken)); // the data set's received ones
        }

        dialogs.Find(".create-po-confirm").Click();

        var link = dialogs.WaitForElement(".create-po-dialog a.create-po-link", WriteTimeout);
        var number = link.TextContent.Trim();
        Assert.Matches(@"^PO-\d{8}-\d{3}$", number);
        Assert.Equal($"/purchase-orders/{Uri.EscapeDataString(number)}", link.GetAttribute("href"));
        await using (var db = Database.CreateDbContext())
        {
            var created = await db.PurchaseOrders.Where(p => p.Number == number).Select(p => new { Supplier = p.Supplier.Code, Lines = p.Lines.Count }).SingleAsync(TestContext.Current.CancellationToken);
            Assert.Equal(("SUP", lines), (created.Supplier, created.Lines));
        }

        dialogs.Find(".create-po-close").Click();

        // The section keeps the link after the dialog is gone.
        section.WaitForAssertion(() => Assert.Equal($"/purchase-orders/{number}", section.Find(".planning-created a.planning-created-link").GetAttribute("href")));
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".create-po-dialog")));
    }

    [Fact]
    public async Task Cancelling_the_question_creates_nothing()
    {
        await using (var db = Database.CreateDbContext())
        {
            await PlanningDataSet.SeedAsync(db, Today);
        }

        var dialogs = Render<MudDialogProvider>();
        var section = RenderWithPopovers<SuggestedPurchaseOrders>(p => p.Add(x => x.Today, Today));
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll(".planning-create-po")));

        section.Find(".planning-create-po").Click();
        dialogs.WaitForElement(".create-po-cancel").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".create-po-dialog")));
        Assert.Empty(section.FindAll(".planning-created"));
        await using var check = Database.CreateDbContext();
        Assert.Equal(2, await check.PurchaseOrders.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Suggested_quantities_have_thousands_separators()
    {
        await using (var db = Database.CreateDbContext())
        {
            await PlanningDataSet.SeedAsync(db, Today);
        }

        var section = RenderWithPopovers<SuggestedPurchaseOrders>(p => p.Add(x => x.Today, Today));

        // HOT: 1,270 backordered (PlanningDataSet).
        section.WaitForAssertion(() => Assert.NotEmpty(section.FindAll("tr[data-sku=HOT]")));
        Assert.Contains(section.Find("tr[data-sku=HOT]").QuerySelectorAll("td"), td => td.TextContent.Trim() == "1,270");
    }
}
