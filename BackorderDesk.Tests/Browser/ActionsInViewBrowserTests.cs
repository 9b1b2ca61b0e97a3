using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>The "in view" and "grids that fit" tests write their own data, so they have their own app and browser.</summary>
[CollectionDefinition(Name)]
public sealed class ViewsBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "ViewsBrowser";
}

/// <summary>
/// At 1440×900, an action asked on the last row of a long page opens where the person is looking
/// (a dialog, never a panel at the top of the scrolled page).
/// </summary>
[Collection(ViewsBrowserCollection.Name)]
public sealed class ActionsInViewBrowserTests(BrowserFixture browser)
{
    /// <summary>True when the element's box and the viewport overlap.</summary>
    private const string IntersectsViewport = """
        el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.bottom > 0 && r.right > 0 && r.top < window.innerHeight && r.left < window.innerWidth;
        }
        """;

    /// <summary>True when the element lies wholly inside the viewport.</summary>
    private const string InsideViewport = """
        el => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 && r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
        }
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Hold_on_the_last_row_of_a_long_queue_opens_in_view()
    {
        await using (var db = await browser.CreateDbContextAsync(Ct))
        {
            var client = new Client("VQ", "View Queue Client");
            db.Skus.Add(new Sku("VQ-1", "Long queue item", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(Ct);
        }

        var place = browser.App.Services.GetRequiredService<PlaceOrder>();
        for (var i = 1; i <= 60; i++)
        {
            await place.HandleAsync(
                new PlaceOrderRequest($"VQ-SO-{i:00}", new CustomerInput($"VQ-C{i}", $"Queue customer {i}", null, "Dtc"), "VQ", null, null, "ShipPartial", null, [new OrderLineInput("VQ-1", 1)]),
                Ct);
        }

        var page = await NewPageAsync();
        try
        {
            await page.GotoAsync("/backorders/VQ-1");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".queue-table tbody tr")).ToHaveCountAsync(60);

            var last = page.Locator("tr[data-line='VQ-SO-60/1']");
            await last.Locator(".action-hold").ClickAsync();

            var dialog = page.Locator(".queue-action-panel");
            await Expect(dialog).ToBeVisibleAsync();
            await Expect(dialog).ToContainTextAsync("Put line VQ-SO-60/1 on hold?");
            Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 900, "The page was scrolled down to the last row.");
            Assert.True(await dialog.EvaluateAsync<bool>(IntersectsViewport), "The hold dialog is in the viewport.");
            Assert.True(await dialog.Locator(".action-confirm").EvaluateAsync<bool>(InsideViewport), "Its confirm button is wholly in the viewport.");
            await BrowserFixture.SaveScreenshotAsync(page, "queue-hold-last-row");

            await dialog.Locator(".hold-reason input").FillAsync("payment check");
            await dialog.Locator(".action-confirm").ClickAsync();

            await Expect(last.Locator(".chip-on-hold")).ToBeVisibleAsync();
            await Expect(dialog).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_planning_of_the_last_sku_of_the_grid_opens_in_view()
    {
        await using (var db = await browser.CreateDbContextAsync(Ct))
        {
            var client = new Client("VPL", "View Planning Client");
            db.Add(client);
            for (var i = 1; i <= 25; i++)
            {
                var sku = new Sku($"VPL-{i:00}", $"Planning item {i}", client, SellingPolicy.Backorderable);
                sku.SetManualPlanning(i, null);
                db.Skus.Add(sku);
            }

            await db.SaveChangesAsync(Ct);
        }

        var page = await NewPageAsync();
        try
        {
            await page.GotoAsync("/planning?client=VPL");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var open = page.Locator(".planning-grid .planning-open");
            await Expect(open).ToHaveCountAsync(25);

            await open.Last.ClickAsync();

            var panel = page.Locator(".planning-dialog .planning-panel");
            await Expect(panel).ToBeVisibleAsync();
            var sku = await panel.GetAttributeAsync("data-sku");
            Assert.Equal(await open.Last.TextContentAsync() is { } text ? text.Trim() : null, sku);
            await Expect(panel.Locator(".planning-formula-rop")).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 300, "The page was scrolled down to the last row.");
            Assert.True(await panel.EvaluateAsync<bool>(IntersectsViewport), "The planning panel is in the viewport.");
            Assert.True(await panel.Locator(".planning-panel-close").EvaluateAsync<bool>(InsideViewport), "Its close button is wholly in the viewport.");
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"sku={sku}"));
            await BrowserFixture.SaveScreenshotAsync(page, "planning-last-row");

            await panel.Locator(".planning-panel-close").ClickAsync();
            await Expect(page.Locator(".planning-dialog")).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task The_desks_cancel_form_for_the_last_line_of_a_long_order_opens_in_view()
    {
        const int Lines = 30;
        await using (var db = await browser.CreateDbContextAsync(Ct))
        {
            var client = new Client("VDK", "View Desk Client");
            db.Add(client);
            for (var i = 1; i <= Lines; i++)
            {
                db.Skus.Add(new Sku($"VDK-{i:00}", $"Desk item {i}", client, SellingPolicy.Backorderable));
            }

            await db.SaveChangesAsync(Ct);
        }

        await browser.App.Services.GetRequiredService<PlaceOrder>().HandleAsync(
            new PlaceOrderRequest("VDK/2026/001", new CustomerInput("VDK-C1", "Desk customer", "desk@example.com", "Dtc"), "VDK", null, null, "ShipPartial", null,
                Enumerable.Range(1, Lines).Select(i => (OrderLineInput?)new OrderLineInput($"VDK-{i:00}", 5)).ToList()),
            Ct);

        var page = await NewPageAsync();
        try
        {
            // The number holds '/', so the route carries it percent-encoded.
            await page.GotoAsync("/customer-service/orders/VDK%2F2026%2F001");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("tr[data-line]")).ToHaveCountAsync(Lines);

            await page.Locator($"tr[data-line='{Lines}'] .action-cancel").ClickAsync();

            var dialog = page.Locator(".line-action-form");
            await Expect(dialog).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<double>("() => window.scrollY") > 900, "The page was scrolled down to the last line.");
            Assert.True(await dialog.EvaluateAsync<bool>(IntersectsViewport), "The cancel dialog is in the viewport.");
            await Expect(dialog.Locator(".cancel-qty input")).ToHaveValueAsync("");

            await dialog.Locator(".cancel-qty input").FillAsync("3");
            await dialog.Locator(".cancel-review").ClickAsync();
            await Expect(dialog.Locator(".cancel-question")).ToHaveTextAsync($"Cancel 3 of 5 units of line {Lines} (VDK-{Lines}) of order VDK/2026/001?");
            Assert.True(await dialog.Locator(".action-confirm").EvaluateAsync<bool>(InsideViewport), "The confirm button is wholly in the viewport.");
            await BrowserFixture.SaveScreenshotAsync(page, "desk-cancel-last-line");
            await dialog.Locator(".action-confirm").ClickAsync();

            await Expect(page.Locator(".action-done")).ToHaveTextAsync($"Cancelled 3 of VDK-{Lines}.");
            await Expect(page.Locator($"tr[data-line='{Lines}'] [data-col=waiting]")).ToHaveTextAsync("2");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task<IPage> NewPageAsync()
    {
        var context = await browser.NewContextAsync(viewport: new ViewportSize { Width = 1440, Height = 900 });
        return await context.NewPageAsync();
    }
}
