using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

[Collection(LiveBrowserCollection.Name)]
public sealed class ReceivingBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_clerk_scans_with_enter_sees_cross_dock_then_shelf_and_keeps_focus_in_the_scan_field()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("RCV", "Receiving Test Client");
            var sku = new Sku("RCV-1", "Receiving test item", client, SellingPolicy.Backorderable);
            sku.AddBarcode("4006381333931");
            db.Skus.Add(sku);
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        (await api.PostAsJsonAsync("/api/orders", new
        {
            number = "SO-RCV-1",
            client = "RCV",
            customer = new { code = "C-RCV", name = "Robin Receiver", type = "B2b" },
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku = "RCV-1", qty = 2 } },
        }, ct)).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var scanField = page.Locator("#scan-barcode");
            await Expect(scanField).ToBeFocusedAsync();

            // A handheld scanner types fast and ends with Enter.
            await scanField.PressSequentiallyAsync("4006381333931");
            await scanField.PressAsync("Enter");

            await Expect(page.GetByTestId("crossdock-line")).ToHaveTextAsync("Cross-dock 1 → SO-RCV-1 line 1");
            await Expect(scanField).ToBeFocusedAsync();
            await Expect(scanField).ToHaveValueAsync("");

            await page.Locator("#scan-qty").FillAsync("3");
            await scanField.FillAsync("4006381333931");
            await scanField.PressAsync("Enter");

            await Expect(page.GetByTestId("crossdock-line")).ToHaveTextAsync("Cross-dock 1 → SO-RCV-1 line 1");
            await Expect(page.GetByTestId("putaway-line")).ToHaveTextAsync("Put away 2 to a shelf");
            await Expect(page.Locator(".scan-log tbody tr")).ToHaveCountAsync(2);
            await BrowserFixture.SaveScreenshotAsync(page, "receiving-after-scans");

            await scanField.FillAsync("0000000000000");
            await scanField.PressAsync("Enter");
            await Expect(page.GetByTestId("scan-error")).ToContainTextAsync("Barcode 0000000000000 belongs to no SKU");
            await Expect(scanField).ToBeFocusedAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await using var check = await browser.CreateDbContextAsync(ct);
        Assert.Equal(4, await check.Skus.Where(s => s.Code == "RCV-1").Select(s => s.OnHand).SingleAsync(ct));
        Assert.Equal(2, await check.ReceiptScans.CountAsync(r => r.SkuId == check.Skus.Single(s => s.Code == "RCV-1").Id, ct));
    }
}
