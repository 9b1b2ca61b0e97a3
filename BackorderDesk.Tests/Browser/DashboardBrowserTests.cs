using System.Net.Http.Json;
using System.Text.RegularExpressions;
using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>The Dashboard filtered to a client of its own, next to that client's SKU queue, in two browser contexts.</summary>
[Collection(LiveBrowserCollection.Name)]
public sealed class DashboardBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_scan_through_the_api_updates_the_dashboard_and_the_queue_without_reload()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            var client = new Client("DASH", "Dashboard Test Client");
            var sku = new Sku("DASH-1", "Dashboard test item", client, SellingPolicy.Backorderable);
            sku.AddBarcode("DASH-BARCODE-1");
            db.Skus.Add(sku);
            await db.SaveChangesAsync(ct);
        }

        using var api = new HttpClient { BaseAddress = browser.BaseAddress };
        api.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);
        var order = await api.PostAsJsonAsync("/api/orders", new
        {
            number = "SO-DASH-1",
            client = "DASH",
            customer = new { code = "C-DASH", name = "Dee Dash", email = "dee@example.com", type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku = "DASH-1", qty = 3 } },
        }, ct);
        order.EnsureSuccessStatusCode();

        var dashboard = await browser.NewPageAsync();
        var queue = await browser.NewPageAsync();
        try
        {
            await dashboard.GotoAsync("/?client=DASH");
            await queue.GotoAsync("/backorders/DASH-1");
            await BrowserFixture.WaitForInteractiveAsync(dashboard);
            await BrowserFixture.WaitForInteractiveAsync(queue);
            await Expect(dashboard.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("3");
            await Expect(dashboard.Locator(".top-short-table tr[data-sku='DASH-1'] [data-col=waiting]")).ToHaveTextAsync("3");
            await Expect(dashboard.Locator("[data-chart=client]")).ToHaveAttributeAsync("data-units", "DASH=3");
            var row = queue.Locator("tr[data-line='SO-DASH-1/1']");
            await Expect(row.Locator("[data-col=waiting]")).ToHaveTextAsync("3");

            var scan = await api.PostAsJsonAsync("/api/receipts", new { scanId = "DASH-SCAN-1", barcode = "DASH-BARCODE-1", qty = 2 }, ct);
            scan.EnsureSuccessStatusCode();

            await Expect(dashboard.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("1");
            await Expect(dashboard.Locator(".top-short-table tr[data-sku='DASH-1'] [data-col=waiting]")).ToHaveTextAsync("1");
            await Expect(dashboard.Locator("[data-chart=client]")).ToHaveAttributeAsync("data-units", "DASH=1");
            await Expect(dashboard.Locator(".live-feed-entry[data-kind=allocated] .live-feed-text")).ToHaveTextAsync("2 × DASH-1 to SO-DASH-1 line 1");
            await Expect(dashboard.Locator(".live-feed-entry[data-kind=allocated] .chip-crossdock")).ToBeVisibleAsync();
            await Expect(dashboard.Locator(".live-feed-entry[data-kind=received] .live-feed-text").First).ToHaveTextAsync("Received 2 × DASH-1");
            await Expect(row.Locator("[data-col=allocated]")).ToHaveTextAsync("2");
            await Expect(row.Locator("[data-col=waiting]")).ToHaveTextAsync("1");
        }
        finally
        {
            await dashboard.Context.CloseAsync();
            await queue.Context.CloseAsync();

            // Other tests of this collection count every waiting unit in the shared app.
            var cancel = await api.PostAsJsonAsync("/api/orders/SO-DASH-1/lines/1/cancel", new { qty = (int?)null }, ct);
            cancel.EnsureSuccessStatusCode();
        }
    }

    [Fact]
    public async Task A_client_and_period_chosen_on_the_dashboard_survive_a_reload_and_carry_to_stock()
    {
        var ct = TestContext.Current.CancellationToken;
        await using (var db = await browser.CreateDbContextAsync(ct))
        {
            db.Clients.Add(new Client("DASHURL", "Dashboard URL Client"));
            await db.SaveChangesAsync(ct);
        }

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/?client=DASHURL");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("[data-client]")).ToHaveAttributeAsync("data-client", "DASHURL");

            await page.Locator("[data-preset='7']").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"client=DASHURL&from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}$"));
            await Expect(page.Locator("[data-chart=daily-rate]")).ToHaveAttributeAsync("data-days", "7");

            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);

            await Expect(page.Locator("[data-client]")).ToHaveAttributeAsync("data-client", "DASHURL");
            await Expect(page.Locator("[data-preset='7']")).ToHaveAttributeAsync("aria-pressed", "true");
            await Expect(page.Locator("[data-chart=daily-rate]")).ToHaveAttributeAsync("data-days", "7");
            await Expect(page.Locator(".top-short-empty")).ToContainTextAsync("No SKU is short for DASHURL");

            await page.GetByRole(AriaRole.Link, new() { Name = "Stock", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex(@"/stock\?client=DASHURL$"));
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}

/// <summary>The app on a small demo warehouse, for a screenshot of the Dashboard as a manager sees it.</summary>
[CollectionDefinition(Name)]
public sealed class DemoBrowserCollection : ICollectionFixture<DemoBrowserFixture>
{
    public const string Name = "DemoBrowser";
}

public sealed class DemoBrowserFixture : IAsyncLifetime
{
    public BrowserFixture Browser { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await Browser.InitializeAsync();
        await using var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(Browser.App.Services);
        var seeder = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<BackorderDesk.Data.Seed.DemoSeeder>(scope.ServiceProvider);
        await seeder.SeedIfEmptyAsync(BackorderDesk.Data.Seed.DemoProfile.Small, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => Browser.DisposeAsync();
}

[Collection(DemoBrowserCollection.Name)]
public sealed class DashboardScreenshotTests(DemoBrowserFixture demo)
{
    [Fact]
    public async Task The_dashboard_on_demo_data_shows_the_counted_figures_and_is_saved_as_a_screenshot()
    {
        var ct = TestContext.Current.CancellationToken;
        BackorderDesk.Data.OrderFigures expected;
        int shortSkus, preorderSkus;
        await using (var db = await demo.Browser.CreateDbContextAsync(ct))
        {
            var all = await BackorderDesk.Data.OrderCounters.RecomputeAsync(db, ct);
            expected = all.Values.Aggregate(default(BackorderDesk.Data.OrderFigures), (sum, f) => sum + f);
            // A preorder not released yet with stock on the shelf waits for its date, not for stock: it is listed apart.
            var today = DateOnly.FromDateTime(Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<TimeProvider>(demo.Browser.App.Services).GetUtcNow().UtcDateTime);
            var waiting = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                System.Linq.Queryable.Select(System.Linq.Queryable.Where(db.Skus, s => s.Backordered > 0), s => new { s.Policy, s.ReleaseDate, Shelf = s.OnHand - s.Allocated }), ct);
            preorderSkus = waiting.Count(s => s.Policy == BackorderDesk.Domain.SellingPolicy.Preorder && s.ReleaseDate > today && s.Shelf > 0);
            shortSkus = waiting.Count - preorderSkus;
        }

        Assert.True(expected.WaitingUnits > 0, "The small demo warehouse has waiting units.");
        var page = await demo.Browser.NewPageAsync();
        try
        {
            await page.SetViewportSizeAsync(1440, 1000);
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);

            // The live tiles (counters) equal a full recompute over the order lines.
            await Expect(page.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync(expected.WaitingUnits.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("[data-metric=open-orders] .metric-value")).ToHaveTextAsync(expected.OpenOrders.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            await Expect(page.Locator("[data-chart=daily-rate] svg").First).ToBeVisibleAsync();
            await Expect(page.Locator(".top-short-table tr[data-sku]")).ToHaveCountAsync(Math.Min(shortSkus, 10));
            await Expect(page.Locator(".top-short-preorders tr[data-sku]")).ToHaveCountAsync(Math.Min(preorderSkus, 10));

            var path = await BrowserFixture.SaveScreenshotAsync(page, "dashboard");
            Assert.True(File.Exists(path));
            Console.WriteLine($"Dashboard screenshot: {path}");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
