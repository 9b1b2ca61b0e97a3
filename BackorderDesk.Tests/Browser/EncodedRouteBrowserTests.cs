using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>
/// Order numbers with slashes and percent signs on the real server (Kestrel): the API decodes each route
/// value from the raw path exactly, and the desk opens the order at its encoded URL.
/// </summary>
[Collection(CustomerServiceBrowserCollection.Name)]
public sealed class EncodedRouteBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task The_desk_opens_WEB_2026_001_at_its_encoded_url_and_the_api_tells_a_literal_percent_2F_from_a_slash()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            db.Skus.Add(new Sku("ENC-1", "Encoded tent", new Client("ENCODED", "Encoded Client"), SellingPolicy.Backorderable));
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        string[] numbers = ["WEB/2026/001", "ENC/A/B", "ENC/A%2FB"];
        foreach (var number in numbers)
        {
            (await api.PostAsJsonAsync("/api/orders", new
            {
                number,
                client = "ENCODED",
                customer = new { code = "C-ENC", name = "Encarnación Núñez", email = "enc@example.com", type = "Dtc" },
                shipPolicy = "ShipPartial",
                lines = new[] { new { sku = "ENC-1", qty = 2 } },
            }, ct)).EnsureSuccessStatusCode();
        }

        var page = await browser.NewPageAsync();
        try
        {
            // "ENC%2FA%252FB" is the order whose number holds the text "%2F", not "ENC/A/B".
            foreach (var number in numbers)
            {
                var view = await api.GetFromJsonAsync<OrderView>($"/api/orders/{Uri.EscapeDataString(number)}", OrdersJson, ct);
                Assert.Equal(number, view!.Number);
            }

            await page.GotoAsync("/customer-service/orders/WEB%2F2026%2F001");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("section.desk-order")).ToHaveAttributeAsync("data-order", "WEB/2026/001");
            await Expect(page.Locator("#order-heading")).ToHaveTextAsync("Order WEB/2026/001");

            // Found by a fragment of its number, opened by Enter at the encoded URL.
            await page.GotoAsync("/customer-service");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.Locator("#order-search").PressSequentiallyAsync("2026/00");
            await Expect(page.Locator("li[aria-selected=true]")).ToHaveAttributeAsync("data-order", "WEB/2026/001");
            await page.Locator("#order-search").PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, "/customer-service/orders/WEB%2F2026%2F001").ToString());
            await Expect(page.Locator("section.desk-order")).ToHaveAttributeAsync("data-order", "WEB/2026/001");

            await page.GotoAsync("/customer-service/orders/ENC%2FA%252FB");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("section.desk-order")).ToHaveAttributeAsync("data-order", "ENC/A%2FB");
        }
        finally
        {
            await page.Context.CloseAsync();

            // Other tests of the collection count waiting units in the shared app: leave none open.
            foreach (var number in numbers)
            {
                (await api.PostAsJsonAsync($"/api/orders/{Uri.EscapeDataString(number)}/lines/1/cancel", new { qty = (int?)null }, ct)).EnsureSuccessStatusCode();
            }
        }
    }

    private static readonly System.Text.Json.JsonSerializerOptions OrdersJson = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
