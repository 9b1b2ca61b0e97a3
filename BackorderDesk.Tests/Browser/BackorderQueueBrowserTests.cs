using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

[Collection(LiveBrowserCollection.Name)]
public sealed class BackorderQueueBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_scan_through_the_api_shows_the_new_allocation_in_an_open_queue_without_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("QLIVE", "Queue Live Client");
            var sku = new Sku("QLIVE-1", "Queue live item", client, SellingPolicy.Backorderable);
            sku.AddBarcode("QLIVE-BARCODE-1");
            db.Skus.Add(sku);
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        var order = await api.PostAsJsonAsync("/api/orders", new
        {
            number = "SO-QLIVE-1",
            client = "QLIVE",
            customer = new { code = "C-QLIVE", name = "Quinn Queue", email = "quinn@example.com", type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku = "QLIVE-1", qty = 3 } },
        }, ct);
        order.EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/backorders/QLIVE-1");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var row = page.Locator("tr[data-line='SO-QLIVE-1/1']");
            await Expect(row.Locator("[data-col=allocated]")).ToHaveTextAsync("0");
            await Expect(row.Locator("[data-col=waiting]")).ToHaveTextAsync("3");

            var scan = await api.PostAsJsonAsync("/api/receipts", new { scanId = "QLIVE-SCAN-1", barcode = "QLIVE-BARCODE-1", qty = 2 }, ct);
            scan.EnsureSuccessStatusCode();

            await Expect(row.Locator("[data-col=allocated]")).ToHaveTextAsync("2");
            await Expect(row.Locator("[data-col=waiting]")).ToHaveTextAsync("1");
            await Expect(row.Locator("[data-col=position]")).ToHaveTextAsync("1");
        }
        finally
        {
            await page.Context.CloseAsync();

            // The other tests of this collection count every waiting unit in the shared app: cancel what is
            // still open so that no unit of this test is left waiting.
            var cancel = await api.PostAsJsonAsync("/api/orders/SO-QLIVE-1/lines/1/cancel", new { qty = (int?)null }, ct);
            cancel.EnsureSuccessStatusCode();
        }
    }
}
