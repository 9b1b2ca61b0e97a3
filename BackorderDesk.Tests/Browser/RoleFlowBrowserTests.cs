using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>
/// A separate app and browser: these flows add SKUs, orders and receipts, and the tests of
/// <see cref="BrowserCollection"/> count every SKU of their app (the stock list, the dashboard).
/// </summary>
[CollectionDefinition(Name)]
public sealed class RoleFlowBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "RoleFlowBrowser";
}

/// <summary>What each role sees and may do, in a real browser, signed in through the real sign-in page.</summary>
[Collection(RoleFlowBrowserCollection.Name)]
public sealed class RoleFlowBrowserTests(BrowserFixture browser)
{
    private const int KeyDelayMs = 2;

    [Fact]
    public async Task An_anonymous_visitor_is_sent_to_sign_in_sees_no_customer_data_and_returns_to_the_page_asked_for_after_signing_in()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = Prefix("ANON");
        await SeedSkusAsync(prefix, 1, ct);
        using var api = Api();
        const string customerName = "Wilhelmina Quarrington";
        const string customerEmail = "w.quarrington@quarry-example.org";
        var number = $"SO-{prefix}";
        await PlaceAsync(api, number, prefix, customerName, customerEmail, ct, ($"{prefix}-1", 3));

        var context = await browser.NewContextAsync(role: null);
        try
        {
            var page = await context.NewPageAsync();
            foreach (var path in new[] { "/receiving", "/customer-service", $"/customer-service/orders/{number}" })
            {
                await page.GotoAsync(path);

                await Expect(page).ToHaveURLAsync(new Regex($"{Regex.Escape(DeskAuthentication.SignInPath)}\\?ReturnUrl={Regex.Escape(Uri.EscapeDataString(path))}$"));
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in", Level = 1 })).ToBeVisibleAsync();
                var content = await page.ContentAsync();
                Assert.DoesNotContain(customerName, content, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain(customerEmail, content, StringComparison.OrdinalIgnoreCase);
                Assert.DoesNotContain("Quarrington", content, StringComparison.OrdinalIgnoreCase);
            }

            // Signing in from the desk's redirect: typed, then Enter in the password field.
            await page.GotoAsync("/customer-service");
            await page.GetByLabel("User name").PressSequentiallyAsync(DeskSignIn.UserName(DeskRoles.Agent));
            var password = page.GetByLabel("Password", new() { Exact = true });
            await password.PressSequentiallyAsync(DeskSignIn.Password);
            await password.PressAsync("Enter");

            await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, "/customer-service").ToString());
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Customer service", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator(".signed-in-as")).ToContainTextAsync("Demo agent");

            // Signed in now, the order asked for opens with its customer.
            await page.GotoAsync($"/customer-service/orders/{number}");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".order-customer")).ToContainTextAsync(customerName);
        }
        finally
        {
            await context.CloseAsync();
            await CancelAsync(api, number, ct, 1);
        }
    }

    [Fact]
    public async Task An_agent_sees_only_the_desk_cancels_a_line_and_the_timeline_names_the_agent()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = Prefix("AGT");
        await SeedSkusAsync(prefix, 2, ct);
        using var api = Api();
        var number = $"SO-{prefix}";
        await PlaceAsync(api, number, prefix, "Agatha Cancelworth", "agatha@example.com", ct, ($"{prefix}-1", 2), ($"{prefix}-2", 1));

        var page = await browser.NewPageAsync(DeskRoles.Agent);
        try
        {
            await page.GotoAsync("/customer-service");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.GetByRole(AriaRole.Navigation).GetByRole(AriaRole.Link)).ToHaveTextAsync(["Customer service"]);
            await Expect(page.Locator(".signed-in-as")).ToContainTextAsync("Demo agent");

            await page.GotoAsync($"/customer-service/orders/{number}");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var line = page.Locator("tr[data-line='1']");
            await Expect(line.Locator(".line-status")).ToHaveTextAsync("waiting");

            await line.Locator(".action-cancel").ClickAsync();
            await page.Locator(".line-action-form .cancel-qty input").FillAsync("2");
            await page.Locator(".line-action-form .cancel-review").ClickAsync();
            await Expect(page.Locator(".line-action-form .cancel-question")).ToHaveTextAsync($"Cancel 2 of 2 units of line 1 ({prefix}-1) of order {number}?");
            await page.Locator(".line-action-form .action-confirm").ClickAsync();

            await Expect(page.Locator(".action-done")).ToContainTextAsync($"Cancelled 2 of {prefix}-1.");
            await Expect(line.Locator(".line-status")).ToHaveTextAsync("cancelled");
            var cancelled = page.Locator("tr[data-kind=Cancelled]").First;
            await Expect(cancelled).ToContainTextAsync($"Cancelled 2 of {prefix}-1.");
            await Expect(cancelled.Locator("[data-col=actor]")).ToHaveTextAsync("Demo agent");
            await Expect(page.Locator("tr[data-kind] [data-col=actor]", new() { HasTextRegex = new Regex("desk", RegexOptions.IgnoreCase) })).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
            await CancelAsync(api, number, ct, 2);
        }

        await using var db = await browser.CreateDbContextAsync(ct);
        Assert.True(await db.AuditTrail.AnyAsync(a => a.SubjectKey == number && a.ActorName == "Demo agent", ct), "The audit trail names the agent.");
    }

    [Fact]
    public async Task A_receiver_scans_a_receipt_and_gets_no_access_with_403_on_planning()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = Prefix("RCV");
        var barcodes = await SeedSkusAsync(prefix, 1, ct, withBarcodes: true);

        var page = await browser.NewPageAsync(DeskRoles.Receiver);
        try
        {
            await page.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("#scan-barcode")).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(barcodes[0], new KeyboardTypeOptions { Delay = KeyDelayMs });
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(1);
            await Expect(page.Locator(".scan-log tbody tr td:nth-child(2)")).ToHaveTextAsync(barcodes[0]);

            var response = await page.GotoAsync("/planning");

            Assert.NotNull(response);
            Assert.Equal(403, response.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your role cannot open this page", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.Locator(".planning-grid")).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Planning", Exact = true })).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await using var db = await browser.CreateDbContextAsync(ct);
        Assert.Equal(1, await db.Skus.Where(s => s.Code == prefix + "-1").Select(s => s.OnHand).SingleAsync(ct));
    }

    [Fact]
    public async Task A_manager_approves_the_expedite_an_agent_asked_for_and_the_agent_cannot_approve()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = Prefix("EXP");
        await SeedSkusAsync(prefix, 1, ct);
        using var api = Api();
        var number = $"SO-{prefix}";
        await PlaceAsync(api, number, prefix, "Ernestine Hurryfield", "ernestine@example.com", ct, ($"{prefix}-1", 4));

        var agent = await browser.NewPageAsync(DeskRoles.Agent);
        var manager = await browser.NewPageAsync(DeskRoles.Manager);
        try
        {
            // The agent asks: the button is enabled as soon as a reason is typed (no need to leave the field first).
            await agent.GotoAsync($"/customer-service/orders/{number}");
            await BrowserFixture.WaitForInteractiveAsync(agent);
            await agent.Locator(".order-actions .expedite-reason input").FillAsync("Wedding on Saturday");
            await agent.Locator(".order-actions .action-expedite").ClickAsync();
            await Expect(agent.Locator(".order-actions .expedite-pending")).ToContainTextAsync("Expedite asked by Demo agent");

            // The desk's list shows the request to the agent, with no way to decide it.
            await agent.GotoAsync("/customer-service");
            await BrowserFixture.WaitForInteractiveAsync(agent);
            var asked = agent.Locator(".expedite-requests li[data-request]", new() { HasText = number });
            await Expect(asked).ToContainTextAsync("asked by Demo agent");
            await Expect(asked.Locator(".expedite-approve")).ToHaveCountAsync(0);
            await Expect(agent.Locator(".expedite-approve")).ToHaveCountAsync(0);
            await Expect(agent.Locator(".expedite-decline")).ToHaveCountAsync(0);

            // The manager approves on the dashboard.
            await manager.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(manager);
            var request = manager.Locator(".pending-expedites tr[data-request]", new() { HasText = number });
            await Expect(request.Locator("[data-col=asked-by]")).ToHaveTextAsync("Demo agent");
            await Expect(request.Locator("[data-col=why]")).ToHaveTextAsync("Wedding on Saturday");
            await request.Locator(".expedite-approve").ClickAsync();
            await Expect(manager.Locator(".pending-expedites-done")).ToHaveTextAsync($"{number} is now Expedite.");
            await Expect(request).ToHaveCountAsync(0);

            // The order is expedited, for both of them.
            await manager.GotoAsync($"/customer-service/orders/{number}");
            await BrowserFixture.WaitForInteractiveAsync(manager);
            await Expect(manager.Locator(".order-actions")).ToContainTextAsync("This order is expedited.");
            await agent.GotoAsync($"/customer-service/orders/{number}");
            await BrowserFixture.WaitForInteractiveAsync(agent);
            await Expect(agent.Locator(".order-actions")).ToContainTextAsync("This order is expedited.");
        }
        finally
        {
            await agent.Context.CloseAsync();
            await manager.Context.CloseAsync();
        }

        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            Assert.Equal(OrderPriority.Expedite, await db.Orders.Where(o => o.Number == number).Select(o => o.Priority).SingleAsync(ct));
        }

        await CancelAsync(api, number, ct, 1);
    }

    private static string Prefix(string stem) => stem + Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();

    private HttpClient Api()
    {
        var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        return api;
    }

    /// <summary>SKUs PREFIX-1.. of a client PREFIX, none in stock; with 13-digit barcodes when asked (answered in SKU order).</summary>
    private async Task<List<string>> SeedSkusAsync(string prefix, int count, CancellationToken ct, bool withBarcodes = false)
    {
        await using var db = await browser.CreateDbContextAsync(ct);
        var client = new Client(prefix, prefix + " client");
        var barcodes = new List<string>();
        var stem = Random.Shared.NextInt64(100_000_000, 999_999_999);
        for (var i = 1; i <= count; i++)
        {
            var sku = new Sku($"{prefix}-{i}", $"Role flow item {i}", client, SellingPolicy.Backorderable);
            if (withBarcodes)
            {
                var barcode = $"{stem}{i:D4}";
                sku.AddBarcode(barcode);
                barcodes.Add(barcode);
            }

            db.Skus.Add(sku);
        }

        await db.SaveChangesAsync(ct);
        return barcodes;
    }

    private static async Task PlaceAsync(HttpClient api, string number, string client, string name, string email, CancellationToken ct, params (string Sku, int Qty)[] lines)
    {
        var response = await api.PostAsJsonAsync("/api/orders", new
        {
            number,
            client,
            customer = new { code = "C-" + client, name, email, type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = lines.Select(l => new { sku = l.Sku, qty = l.Qty }),
        }, ct);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>Leaves nothing waiting behind: cancels what is still open on the given lines of the order.</summary>
    private static async Task CancelAsync(HttpClient api, string number, CancellationToken ct, params int[] lines)
    {
        foreach (var line in lines)
        {
            (await api.PostAsJsonAsync($"/api/orders/{number}/lines/{line}/cancel", new { qty = (int?)null }, ct)).EnsureSuccessStatusCode();
        }
    }
}
