using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

[Collection(LiveBrowserCollection.Name)]
public sealed class LiveQueueAndDeskBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_hold_and_an_expedite_by_one_user_change_the_open_queue_page_and_desk_panel_of_others_without_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("LIVEQ", "Live Queue Client");
            db.Skus.Add(new Sku("LIVEQ-1", "Live queue item", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        foreach (var (number, code) in new[] { ("SO-LIVEQ-1", "C-LIVEQ-1"), ("SO-LIVEQ-2", "C-LIVEQ-2") })
        {
            var placed = await api.PostAsJsonAsync("/api/orders", new
            {
                number,
                client = "LIVEQ",
                customer = new { code, name = "Customer " + code, email = code.ToLowerInvariant() + "@example.com", type = "Dtc" },
                shipPolicy = "ShipPartial",
                lines = new[] { new { sku = "LIVEQ-1", qty = 2 } },
            }, ct);
            placed.EnsureSuccessStatusCode();
        }

        var queue = await browser.NewPageAsync(DeskRoles.Manager);
        var desk = await browser.NewPageAsync(DeskRoles.Agent);
        try
        {
            await queue.GotoAsync("/backorders/LIVEQ-1");
            await BrowserFixture.WaitForInteractiveAsync(queue);
            await desk.GotoAsync("/customer-service/orders/SO-LIVEQ-2");
            await BrowserFixture.WaitForInteractiveAsync(desk);
            var second = queue.Locator("tr[data-line='SO-LIVEQ-2/1']");
            await Expect(second.Locator("[data-col=position]")).ToHaveTextAsync("2");
            await Expect(second.Locator("[data-col=priority]")).ToHaveTextAsync("Standard");
            await Expect(desk.Locator(".desk-order .order-priority")).ToHaveTextAsync("Standard");
            await Expect(desk.Locator(".desk-order tr[data-line='1']")).Not.ToContainTextAsync("Waiting on a payment check");

            // Another user holds the line shown on the desk: both open screens follow without a reload.
            (await api.PostAsJsonAsync("/api/orders/SO-LIVEQ-2/lines/1/hold", new { reason = "Waiting on a payment check" }, ct)).EnsureSuccessStatusCode();

            await Expect(second.Locator(".chip-on-hold")).ToBeVisibleAsync();
            await Expect(desk.Locator(".desk-order tr[data-line='1']")).ToContainTextAsync("Waiting on a payment check");

            // And expedites that order: it moves to the head of the queue, and the desk shows its new priority.
            (await api.PostAsJsonAsync("/api/orders/SO-LIVEQ-2/priority", new { priority = "Expedite" }, ct)).EnsureSuccessStatusCode();

            await Expect(second.Locator("[data-col=priority]")).ToHaveTextAsync("Expedite");
            await Expect(second.Locator("[data-col=position]")).ToHaveTextAsync("1");
            await Expect(desk.Locator(".desk-order .order-priority")).ToHaveTextAsync("Expedite");
        }
        finally
        {
            await queue.Context.CloseAsync();
            await desk.Context.CloseAsync();

            // The other tests of this collection count every waiting unit in the shared app.
            foreach (var number in new[] { "SO-LIVEQ-1", "SO-LIVEQ-2" })
            {
                var cancel = await api.PostAsJsonAsync($"/api/orders/{number}/lines/1/cancel", new { qty = (int?)null }, ct);
                cancel.EnsureSuccessStatusCode();
            }
        }
    }
}
