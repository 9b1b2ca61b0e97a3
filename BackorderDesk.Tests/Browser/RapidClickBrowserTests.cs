using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>Ten clicks sent by the browser before any answer can come back perform the action once.</summary>
[Collection(CustomerServiceBrowserCollection.Name)]
public sealed class RapidClickBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Ten_clicks_in_one_burst_record_one_goodwill_gesture()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("RAPID", "Rapid Client");
            db.Skus.Add(new Sku("RAPID-1", "Rapid tent", client, SellingPolicy.Backorderable));
            db.Skus.Add(new Sku("RAPID-2", "Rapid lamp", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        (await api.PostAsJsonAsync("/api/orders", new
        {
            number = "SO-RAPID-1",
            client = "RAPID",
            customer = new { code = "C-RAPID", name = "Rita Rapid", email = "rita.rapid@example.com", type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku = "RAPID-1", qty = 1 } },
        }, ct)).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/customer-service/orders/SO-RAPID-1");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.Locator(".goodwill-code input").FillAsync("SORRY10");
            await page.Locator(".goodwill-code input").BlurAsync();
            var button = page.Locator(".action-goodwill");
            await Expect(button).ToBeEnabledAsync();

            // Ten clicks in one script: all ten events leave the browser before any render comes back.
            await button.EvaluateAsync("b => { for (let i = 0; i < 10; i++) { b.click(); } }");

            await Expect(page.Locator(".action-done")).ToHaveTextAsync("Goodwill gesture recorded on the timeline.");
            await Expect(page.Locator(".order-actions [role=alert]")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        // The writer takes commands in order: once this receipt is in, any write the clicks queued is too.
        (await api.PostAsJsonAsync("/api/receipts", new { scanId = "RAPID-SCAN-1", sku = "RAPID-2", qty = 1 }, ct)).EnsureSuccessStatusCode();
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var gestures = await db.Orders.Where(o => o.Number == "SO-RAPID-1")
                .SelectMany(o => o.Timeline)
                .CountAsync(e => e.Kind == TimelineKind.AgentAction && e.Text.StartsWith("Goodwill gesture"), ct);
            Assert.Equal(1, gestures);
        }

        // Other tests of the collection count waiting units in the shared app: leave none open.
        (await api.PostAsJsonAsync("/api/orders/SO-RAPID-1/lines/1/cancel", new { qty = (int?)null }, ct)).EnsureSuccessStatusCode();
    }
}
