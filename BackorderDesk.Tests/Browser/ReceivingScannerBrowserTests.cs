using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>
/// A handheld scanner is a keyboard that types a 13-digit code and Enter in 20–40 ms, and the next
/// code right after. These tests type faster than that (2 ms a key, no pause between scans).
/// </summary>
[Collection(LiveBrowserCollection.Name)]
public sealed class ReceivingScannerBrowserTests(BrowserFixture browser)
{
    private const int KeyDelayMs = 2;

    [Fact]
    public async Task Ten_scans_typed_back_to_back_at_scanner_speed_are_ten_rows_and_ten_receipts()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = "BST" + Guid.NewGuid().ToString("N")[..6];
        var barcodes = await SeedSkusAsync(prefix, 3, ct);
        var scans = Enumerable.Range(0, 10).Select(i => barcodes[i % 3]).ToList();

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("#scan-barcode")).ToBeFocusedAsync();

            foreach (var code in scans)
            {
                await page.Keyboard.TypeAsync(code, new KeyboardTypeOptions { Delay = KeyDelayMs });
                await page.Keyboard.PressAsync("Enter");
            }

            var rows = page.Locator(".scan-log tbody tr");
            await Expect(rows).ToHaveCountAsync(10);
            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(10);
            await Expect(page.GetByTestId("burst-refused")).ToHaveCountAsync(0);

            // Nothing merged or cut: the list shows exactly the codes typed, newest first.
            var listed = await page.Locator(".scan-log tbody tr td:nth-child(2)").AllTextContentsAsync();
            Assert.Equal(Enumerable.Reverse(scans), listed.Select(t => t.Trim()));
            await BrowserFixture.SaveScreenshotAsync(page, "receiving-burst-of-ten");
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await using var db = await browser.CreateDbContextAsync(ct);
        var skus = await db.Skus.Where(s => s.Code.StartsWith(prefix)).OrderBy(s => s.Code).Select(s => new { s.Id, s.OnHand }).ToListAsync(ct);
        var ids = skus.Select(s => s.Id).ToList();
        Assert.Equal([4, 3, 3], skus.Select(s => s.OnHand));
        Assert.Equal(10, await db.ReceiptScans.CountAsync(r => ids.Contains(r.SkuId), ct));
        Assert.Equal(10, await db.Ledger.CountAsync(m => ids.Contains(m.SkuId) && m.Kind == MovementKind.Receipt, ct));
        Assert.Equal(1, await db.ReceiptScans.Where(r => ids.Contains(r.SkuId)).Select(r => r.Station).Distinct().CountAsync(ct));
        Assert.DoesNotContain(null, await db.ReceiptScans.Where(r => ids.Contains(r.SkuId)).Select(r => r.Station).ToListAsync(ct));
    }

    [Fact]
    public async Task A_scan_typed_while_the_page_is_still_connecting_is_kept_and_received_once_connected()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = "CON" + Guid.NewGuid().ToString("N")[..6];
        var barcodes = await SeedSkusAsync(prefix, 1, ct);

        var page = await browser.NewPageAsync();
        var connect = new TaskCompletionSource();
        try
        {
            // Hold the circuit's connection until the scan has been typed.
            await page.RouteAsync("**/_blazor/negotiate**", async route =>
            {
                await connect.Task;
                await route.ContinueAsync();
            });
            await page.GotoAsync("/receiving", new PageGotoOptions { WaitUntil = WaitUntilState.DOMContentLoaded });
            await Expect(page.GetByTestId("scan-connecting")).ToBeVisibleAsync();

            await page.Keyboard.TypeAsync(barcodes[0], new KeyboardTypeOptions { Delay = KeyDelayMs });
            await page.Keyboard.PressAsync("Enter");

            await Expect(page.Locator("#scan-queue-status")).ToContainTextAsync("1 scan waiting");
            await Expect(page.Locator("#scan-barcode")).ToHaveValueAsync("");
            await Expect(page.Locator("[data-interactive=no]")).ToBeAttachedAsync();

            connect.SetResult();
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(1);
            await Expect(page.Locator(".scan-log tbody tr td:nth-child(2)")).ToHaveTextAsync(barcodes[0]);
            await Expect(page.Locator("#scan-queue-status")).ToBeEmptyAsync();
        }
        finally
        {
            connect.TrySetResult();
            await page.Context.CloseAsync();
        }

        await using var db = await browser.CreateDbContextAsync(ct);
        Assert.Equal(1, await db.Skus.Where(s => s.Code == prefix + "-1").Select(s => s.OnHand).SingleAsync(ct));
    }

    [Fact]
    public async Task A_scan_typed_while_focus_is_elsewhere_on_the_page_still_lands_and_a_click_brings_focus_back()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = "FOC" + Guid.NewGuid().ToString("N")[..6];
        var barcodes = await SeedSkusAsync(prefix, 2, ct);

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var scanField = page.Locator("#scan-barcode");

            // A click on the heading (not into another field) gives the scan field its focus back.
            await page.Locator("#scan-qty").FocusAsync();
            await page.GetByRole(AriaRole.Heading, new() { Name = "Receiving", Exact = true }).ClickAsync();
            await Expect(scanField).ToBeFocusedAsync();

            // Focus nowhere in particular: the scanner's keys still make a scan.
            await page.EvaluateAsync("() => document.activeElement.blur()");
            await Expect(scanField).Not.ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(barcodes[0], new KeyboardTypeOptions { Delay = KeyDelayMs });
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(1);

            // Focus on a button: the same.
            await page.Locator("[data-scan-submit]").FocusAsync();
            await page.Keyboard.TypeAsync(barcodes[1], new KeyboardTypeOptions { Delay = KeyDelayMs });
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(2);

            // Typing into another field is left to that field.
            await page.Locator("#scan-qty").FillAsync("");
            await page.Locator("#scan-qty").PressSequentiallyAsync("5");
            await Expect(page.Locator("#scan-qty")).ToHaveValueAsync("5");
            await Expect(scanField).ToHaveValueAsync("");
            await page.GetByRole(AriaRole.Heading, new() { Name = "Receiving", Exact = true }).ClickAsync();
            await Expect(scanField).ToBeFocusedAsync();
            await page.Keyboard.TypeAsync(barcodes[0], new KeyboardTypeOptions { Delay = KeyDelayMs });
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(3);
            await Expect(page.Locator(".scan-log tbody tr").First.Locator("td:nth-child(4)")).ToHaveTextAsync("5");
            await Expect(page.Locator("#scan-qty")).ToHaveValueAsync("1");
        }
        finally
        {
            await page.Context.CloseAsync();
        }

        await using var db = await browser.CreateDbContextAsync(ct);
        Assert.Equal([6, 1], await db.Skus.Where(s => s.Code.StartsWith(prefix)).OrderBy(s => s.Code).Select(s => s.OnHand).ToListAsync(ct));
    }

    [Fact]
    public async Task Leaving_the_page_and_coming_back_shows_this_stations_scans_from_the_database()
    {
        var ct = TestContext.Current.CancellationToken;
        var prefix = "HIS" + Guid.NewGuid().ToString("N")[..6];
        var barcodes = await SeedSkusAsync(prefix, 2, ct);

        var context = await browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(page);
            foreach (var code in barcodes)
            {
                await page.Keyboard.TypeAsync(code, new KeyboardTypeOptions { Delay = KeyDelayMs });
                await page.Keyboard.PressAsync("Enter");
            }

            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(2);

            // Away through the menu and back: the page is made afresh and reads the station's scans.
            await page.GotoAsync("/stock");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await page.GetByRole(AriaRole.Link, new() { Name = "Receiving", Exact = true }).ClickAsync();
            await page.WaitForURLAsync("**/receiving");
            await Expect(page.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(2);
            Assert.Equal([prefix + "-2", prefix + "-1"], (await page.Locator(".scan-log tbody tr td:nth-child(3)").AllTextContentsAsync()).Select(t => t.Trim()));

            // A new tab of the same browser (same station) after a reload: the same list.
            var again = await context.NewPageAsync();
            await again.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(again);
            await Expect(again.Locator(".scan-log tbody tr[data-state=received]")).ToHaveCountAsync(2);
            await Expect(again.GetByRole(AriaRole.Heading, new() { Name = "This station's scans (2)" })).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }

        // Another station (another browser) does not see them.
        var other = await browser.NewPageAsync();
        try
        {
            await other.GotoAsync("/receiving");
            await BrowserFixture.WaitForInteractiveAsync(other);
            await Expect(other.GetByRole(AriaRole.Heading, new() { Name = "This station's scans (0)" })).ToBeVisibleAsync();
        }
        finally
        {
            await other.Context.CloseAsync();
        }
    }

    /// <summary>SKUs PREFIX-1.. with 13-digit barcodes; answers the barcodes in SKU order.</summary>
    private async Task<List<string>> SeedSkusAsync(string prefix, int count, CancellationToken ct)
    {
        await using var db = await browser.CreateDbContextAsync(ct);
        var client = new Client(prefix, prefix + " client");
        var barcodes = new List<string>();
        var stem = Random.Shared.NextInt64(100_000_000, 999_999_999);
        for (var i = 1; i <= count; i++)
        {
            var sku = new Sku($"{prefix}-{i}", $"Scanner test item {i}", client, SellingPolicy.Backorderable);
            var barcode = $"{stem}{i:D4}";
            sku.AddBarcode(barcode);
            barcodes.Add(barcode);
            db.Skus.Add(sku);
        }

        await db.SaveChangesAsync(ct);
        return barcodes;
    }
}
