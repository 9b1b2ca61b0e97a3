using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>A separate app and browser: these tests change the data that other browser tests count.</summary>
[CollectionDefinition(Name)]
public sealed class LiveBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "LiveBrowser";
}

[Collection(LiveBrowserCollection.Name)]
public sealed class LiveDashboardBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_scan_through_the_api_updates_every_open_dashboard_without_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("LIVE", "Live Test Client");
            var sku = new Sku("LIVE-1", "Live test item", client, SellingPolicy.Backorderable);
            sku.AddBarcode("LIVE-BARCODE-1");
            db.Skus.Add(sku);
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        var order = await api.PostAsJsonAsync("/api/orders", new
        {
            number = "SO-LIVE-1",
            client = "LIVE",
            customer = new { code = "C-LIVE", name = "Lee Live", email = "lee@example.com", type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku = "LIVE-1", qty = 2 } },
        }, ct);
        order.EnsureSuccessStatusCode();

        var first = await browser.NewPageAsync();
        var second = await browser.NewPageAsync();
        try
        {
            foreach (var page in new[] { first, second })
            {
                await page.GotoAsync("/");
                await BrowserFixture.WaitForInteractiveAsync(page);
                await Expect(page.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("2");
                await Expect(page.Locator("[data-metric=open-orders-waiting] .metric-value")).ToHaveTextAsync("1");
            }

            var scan = await api.PostAsJsonAsync("/api/receipts", new { scanId = "LIVE-SCAN-1", barcode = "LIVE-BARCODE-1", qty = 2 }, ct);
            scan.EnsureSuccessStatusCode();

            foreach (var page in new[] { first, second })
            {
                await Expect(page.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("0");
                await Expect(page.Locator("[data-metric=open-orders-waiting] .metric-value")).ToHaveTextAsync("0");
            }

            await BrowserFixture.SaveScreenshotAsync(first, "dashboard-after-live-scan");
        }
        finally
        {
            await first.Context.CloseAsync();
            await second.Context.CloseAsync();
        }
    }
}
