using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>A separate app and browser: the desk test adds orders and SKUs that other browser tests would count.</summary>
[CollectionDefinition(Name)]
public sealed class CustomerServiceBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "CustomerServiceBrowser";
}

[Collection(CustomerServiceBrowserCollection.Name)]
public sealed class CustomerServiceBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task An_agent_finds_an_order_by_part_of_the_email_cancels_a_line_and_sees_the_next_customer_served()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("CSDESK", "Desk Client");
            db.Skus.Add(new Sku("CSDESK-1", "Desk tent", client, SellingPolicy.Backorderable));
            db.Skus.Add(new Sku("CSDESK-2", "Desk lamp", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        await PlaceAsync(api, "SO-CSDESK-1", "C-ADA", "Ada Lovelace", "ada.lovelace@example.com", ct, ("CSDESK-1", 2), ("CSDESK-2", 1));
        await PlaceAsync(api, "SO-CSDESK-2", "C-BOB", "Bob Byron", "bob.byron@example.com", ct, ("CSDESK-1", 2));
        (await api.PostAsJsonAsync("/api/receipts", new { scanId = "CSDESK-SCAN-1", sku = "CSDESK-1", qty = 2 }, ct)).EnsureSuccessStatusCode();

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/customer-service");
            await BrowserFixture.WaitForInteractiveAsync(page);

            // Part of the email, then the keyboard: the first result is highlighted, Enter opens it.
            await page.Locator("#order-search").PressSequentiallyAsync("ada.love");
            await Expect(page.Locator("li[data-order='SO-CSDESK-1']")).ToBeVisibleAsync();
            await Expect(page.Locator("li[aria-selected=true]")).ToHaveAttributeAsync("data-order", "SO-CSDESK-1");
            await page.Locator("#order-search").PressAsync("Enter");

            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, "/customer-service/orders/SO-CSDESK-1").ToString());
            var line = page.Locator("tr[data-line='1']");
            await Expect(line.Locator(".line-status")).ToHaveTextAsync("allocated");
            await Expect(page.Locator("tr[data-line='2'] .line-status")).ToHaveTextAsync("waiting");
            await Expect(page.Locator(".answer-text")).ToContainTextAsync("The 2 × Desk tent are in stock, reserved for you and being prepared for shipment.");

            // The cancel dialog asks for the quantity (none is proposed) and asks before it cancels.
            await line.Locator(".action-cancel").ClickAsync();
            await page.Locator(".line-action-form .cancel-qty input").FillAsync("2");
            await page.Locator(".line-action-form .cancel-review").ClickAsync();
            await Expect(page.Locator(".line-action-form .cancel-question")).ToHaveTextAsync("Cancel 2 of 2 units of line 1 (CSDESK-1) of order SO-CSDESK-1?");
            await page.Locator(".line-action-form .action-confirm").ClickAsync();

            await Expect(page.Locator(".action-done")).ToHaveTextAsync("Cancelled 2 of CSDESK-1. Released units went to SO-CSDESK-2 line 1 (2).");
            await Expect(line.Locator(".line-status")).ToHaveTextAsync("cancelled");
            var cancelled = page.Locator("tr[data-kind=Cancelled]").First;
            await Expect(cancelled).ToContainTextAsync("Cancelled 2 of CSDESK-1.");
            // The timeline names the signed-in person (the fixture signs in as the demo Manager), not the desk.
            await Expect(cancelled.Locator("[data-col=actor]")).ToHaveTextAsync("Demo manager");
            await BrowserFixture.SaveScreenshotAsync(page, "customer-service-order");

            // The next customer in the queue got the units.
            await page.GotoAsync("/customer-service/orders/SO-CSDESK-2");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("tr[data-line='1'] .line-status")).ToHaveTextAsync("allocated");
            await Expect(page.Locator("tr[data-kind=Allocated]").First).ToContainTextAsync("units released by cancellation of SO-CSDESK-1");
        }
        finally
        {
            await page.Context.CloseAsync();

            // Other tests of the collection count waiting units in the shared app: leave none open.
            foreach (var (number, lineNumber) in new[] { ("SO-CSDESK-1", 2), ("SO-CSDESK-2", 1) })
            {
                (await api.PostAsJsonAsync($"/api/orders/{number}/lines/{lineNumber}/cancel", new { qty = (int?)null }, ct)).EnsureSuccessStatusCode();
            }
        }
    }

    private static async Task PlaceAsync(HttpClient api, string number, string code, string name, string email, CancellationToken ct, params (string Sku, int Qty)[] lines)
    {
        var response = await api.PostAsJsonAsync("/api/orders", new
        {
            number,
            client = "CSDESK",
            customer = new { code, name, email, type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = lines.Select(l => new { sku = l.Sku, qty = l.Qty }),
        }, ct);
        response.EnsureSuccessStatusCode();
    }
}
