using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>The planning tests write (new SKUs and purchase orders), so they have their own app and browser.</summary>
[CollectionDefinition(Name)]
public sealed class PlanningBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "PlanningBrowser";
}

[Collection(PlanningBrowserCollection.Name)]
public sealed class PlanningBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Creating_the_suggested_po_of_one_supplier_takes_its_sku_off_the_alert_list()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            // TENT (supplier PSUP): manual ROP 10, cases of 6. STOVE (supplier PSUP2): manual ROP 4. Nothing in stock.
            var client = new Client("PLN", "Planning Outdoor");
            var tents = new Supplier("PSUP", "Tent Makers", 7);
            var stoves = new Supplier("PSUP2", "Stove Works", 12);
            db.AddRange(client, tents, stoves);
            var tent = new Sku("PLN-TENT", "Planning tent", client, SellingPolicy.Backorderable);
            tent.SetSupply(tents, null, 1, 6, 40m);
            tent.SetManualPlanning(10, null);
            var stove = new Sku("PLN-STOVE", "Planning stove", client, SellingPolicy.Backorderable);
            stove.SetSupply(stoves, null, 1, 1, 25m);
            stove.SetManualPlanning(4, null);
            db.Skus.AddRange(tent, stove);
            await db.SaveChangesAsync(ct);
        }

        // Five tents ordered and waiting: IP −5 ≤ 10; suggested 10 + 0 + 5 = 15 → three cases = 18, clearing all 5.
        await browser.App.Services.GetRequiredService<PlaceOrder>().HandleAsync(
            new PlaceOrderRequest("PLN-SO-1", new CustomerInput("PLN-C1", "Camper", null, "Dtc"), "PLN", null, null, "ShipPartial", null, [new OrderLineInput("PLN-TENT", 5)]),
            ct);

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/planning?client=PLN&alerts=true");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".planning-grid .planning-open")).ToHaveTextAsync(["PLN-TENT", "PLN-STOVE"]);

            var supplier = page.Locator(".planning-supplier[data-supplier=PSUP]");
            var line = supplier.Locator("tr[data-sku=PLN-TENT]");
            await Expect(line.Locator(".planning-qty input")).ToHaveValueAsync("18");
            await Expect(line.Locator(".planning-clears")).ToHaveTextAsync("5");
            await BrowserFixture.SaveScreenshotAsync(page, "planning-suggested");

            // It asks first, then links to the new purchase order.
            await supplier.Locator(".planning-create-po").ClickAsync();
            await Expect(page.Locator(".create-po-dialog .create-po-question")).ToHaveTextAsync("Create 1 purchase order for Tent Makers, with 1 line and 18 units in all?");
            await page.Locator(".create-po-dialog .create-po-confirm").ClickAsync();
            await Expect(page.Locator(".create-po-dialog a.create-po-link")).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex(@"^/purchase-orders/PO-\d{8}-001$"));
            await page.Locator(".create-po-dialog .create-po-close").ClickAsync();
            await Expect(page.Locator(".planning-created a.planning-created-link")).ToHaveCountAsync(1);

            // IP −5 + 18 = 13 > 10: the tent leaves the alerts; the stove of the other supplier stays.
            await Expect(page.Locator(".planning-grid .planning-open")).ToHaveTextAsync(["PLN-STOVE"]);
            await Expect(page.Locator(".planning-supplier[data-supplier=PSUP]")).ToHaveCountAsync(0);
            await Expect(page.Locator(".planning-supplier[data-supplier=PSUP2]")).ToHaveCountAsync(1);
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await using var check = await browser.CreateDbContextAsync(ct);
        var po = await check.PurchaseOrderLines.Where(l => l.Sku.Code == "PLN-TENT")
            .Select(l => new { l.PurchaseOrder.Number, l.Qty, Supplier = l.PurchaseOrder.Supplier.Code }).SingleAsync(ct);
        Assert.Equal((18, "PSUP"), (po.Qty, po.Supplier));
        Assert.Matches(@"^PO-\d{8}-001$", po.Number);
        Assert.Equal(18, await check.Skus.Where(s => s.Code == "PLN-TENT").Select(s => s.OnOrder).SingleAsync(ct));
    }

    [Fact]
    public async Task Opening_a_sku_shows_its_formula()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("PLF", "Formula Outdoor");
            db.Add(client);
            var sku = new Sku("PLF-MAT", "Sleeping mat", client, SellingPolicy.Backorderable);
            sku.SetManualPlanning(null, 3);
            db.Skus.Add(sku);
            await db.SaveChangesAsync(ct);
        }

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/planning?client=PLF");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.Locator(".planning-grid .planning-open", new() { HasText = "PLF-MAT" }).ClickAsync();

            // No demand, no supplier: SS 0 computed; the manual 3 applies and is marked.
            await Expect(page.Locator(".planning-formula-ss")).ToHaveTextAsync("SS = 1.282 · √(0 · 0² + 0² · 0²) = 0");
            await Expect(page.Locator(".planning-manual-ss")).ToContainTextAsync("A manual safety stock of 3 applies");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("sku=PLF-MAT"));
            await BrowserFixture.SaveScreenshotAsync(page, "planning-panel");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
