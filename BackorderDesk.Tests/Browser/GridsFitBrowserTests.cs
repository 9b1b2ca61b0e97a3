using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>At 1440×900 the key columns of the Backorders and Stock grids show without scrolling sideways; a column chooser shows the rest and remembers.</summary>
[Collection(ViewsBrowserCollection.Name)]
public sealed class GridsFitBrowserTests(BrowserFixture browser)
{
    /// <summary>The grid's scroll width over its visible width, and the headers whose right edge is past the grid or the viewport.</summary>
    private const string Fit = """
        ([selector, titles]) => {
            const grid = document.querySelector(selector);
            const container = grid.querySelector('.mud-table-container') ?? grid;
            const box = container.getBoundingClientRect();
            const headers = [...grid.querySelectorAll('thead th')];
            const outside = titles.filter(title => {
                const th = headers.find(h => h.textContent.trim() === title);
                if (!th) return true;
                const r = th.getBoundingClientRect();
                return r.width === 0 || r.right > box.right + 0.5 || r.right > window.innerWidth;
            });
            return {
                scrollWidth: container.scrollWidth,
                clientWidth: container.clientWidth,
                pageScrollWidth: document.documentElement.scrollWidth,
                innerWidth: window.innerWidth,
                outside,
            };
        }
        """;

    private static readonly string[] BackorderKeys = ["Order", "Customer", "SKU", "Waiting", "Age (days)", "ETA", "Flags"];
    private static readonly string[] StockKeys = ["SKU", "Name", "On hand", "Available", "Backordered", "On order", "Reorder point"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_key_columns_of_backorders_and_stock_fit_at_1440_and_the_column_choice_survives_a_reload()
    {
        await SeedAsync();
        var context = await browser.NewContextAsync(viewport: new ViewportSize { Width = 1440, Height = 900 });
        var page = await context.NewPageAsync();
        try
        {
            await page.GotoAsync("/backorders?client=VGF");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".backorder-grid tbody tr")).ToHaveCountAsync(12);
            await AssertFitsAsync(page, ".backorder-grid", BackorderKeys);
            await BrowserFixture.SaveScreenshotAsync(page, "backorders-1440");

            // Order numbers link to the order view, encoded.
            await Expect(page.Locator(".backorder-grid a.order-link", new() { HasText = "VGF/2026/001" })).ToHaveAttributeAsync("href", "/customer-service/orders/VGF%2F2026%2F001");

            // Show "Client" through the chooser; the choice survives a reload.
            await Expect(Header(page, ".backorder-grid", "Client")).ToHaveCountAsync(0);
            await ToggleColumnAsync(page, ".backorder-grid", "client");
            await Expect(Header(page, ".backorder-grid", "Client")).ToHaveCountAsync(1);
            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(Header(page, ".backorder-grid", "Client")).ToHaveCountAsync(1);
            await Expect(page.Locator(".backorder-grid tbody tr").First).ToContainTextAsync("VGF");

            // And hiding it again is remembered too.
            await ToggleColumnAsync(page, ".backorder-grid", "client");
            await Expect(Header(page, ".backorder-grid", "Client")).ToHaveCountAsync(0);
            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".backorder-grid tbody tr")).ToHaveCountAsync(12);
            await Expect(Header(page, ".backorder-grid", "Client")).ToHaveCountAsync(0);

            await page.GotoAsync("/stock?client=VGF");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".stock-grid a.stock-sku")).ToHaveCountAsync(12);
            await AssertFitsAsync(page, ".stock-grid", StockKeys);
            await Expect(page.Locator(".stock-grid tbody tr", new() { HasText = "VGF-OUTERWEAR-01" }).Locator("[data-col=on-hand]")).ToHaveTextAsync("12,345");
            await BrowserFixture.SaveScreenshotAsync(page, "stock-1440");

            await ToggleColumnAsync(page, ".stock-grid", "position");
            await Expect(Header(page, ".stock-grid", "Inventory position")).ToHaveCountAsync(1);
            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(Header(page, ".stock-grid", "Inventory position")).ToHaveCountAsync(1);
            // Each grid keeps its own choice: the backorders grid still hides its client.
            await page.GotoAsync("/backorders?client=VGF");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator(".backorder-grid tbody tr")).ToHaveCountAsync(12);
            await Expect(Header(page, ".backorder-grid", "Client")).ToHaveCountAsync(0);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private static ILocator Header(IPage page, string grid, string title) =>
        page.Locator($"{grid} thead th").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex($"^\\s*{System.Text.RegularExpressions.Regex.Escape(title)}\\s*$") });

    private static async Task ToggleColumnAsync(IPage page, string grid, string column)
    {
        await page.Locator($"{grid} .column-chooser button").First.ClickAsync();
        var choice = page.Locator($".column-choice[data-column={column}]");
        var before = await choice.GetAttributeAsync("data-shown");
        await choice.ClickAsync();
        await Expect(choice).Not.ToHaveAttributeAsync("data-shown", before!);
        await page.Keyboard.PressAsync("Escape");
        await Expect(choice).ToHaveCountAsync(0);
    }

    private static async Task AssertFitsAsync(IPage page, string grid, string[] keys)
    {
        var fit = await page.EvaluateAsync<FitResult>(Fit, new object[] { grid, keys });
        TestContext.Current.TestOutputHelper?.WriteLine($"{grid}: scrollWidth {fit.ScrollWidth}, clientWidth {fit.ClientWidth}, page {fit.PageScrollWidth} of {fit.InnerWidth}");
        Assert.Empty(fit.Outside);
        Assert.True(fit.ScrollWidth <= fit.ClientWidth, $"{grid} scrolls sideways: {fit.ScrollWidth} > {fit.ClientWidth}.");
        Assert.True(fit.PageScrollWidth <= fit.InnerWidth, $"The page scrolls sideways: {fit.PageScrollWidth} > {fit.InnerWidth}.");
    }

    private sealed class FitResult
    {
        public double ScrollWidth { get; set; }

        public double ClientWidth { get; set; }

        public double PageScrollWidth { get; set; }

        public double InnerWidth { get; set; }

        public string[] Outside { get; set; } = [];
    }

    /// <summary>Twelve waiting lines with long names, every flag and an unconfirmed ETA: the widest rows the grids meet.</summary>
    private async Task SeedAsync()
    {
        string[] names = ["Insulated waterproof mountain jacket", "Ultralight four-season expedition tent", "Merino wool base layer, long sleeve"];
        await using (var db = await browser.CreateDbContextAsync(Ct))
        {
            var client = new Client("VGF", "Grid Fit Outdoor Company");
            var supplier = new Supplier("VGF-SUP", "Grid Fit Supply", 21);
            db.AddRange(client, supplier);
            for (var i = 1; i <= 12; i++)
            {
                var sku = new Sku($"VGF-OUTERWEAR-{i:00}", names[i % names.Length] + $" {i}", client, SellingPolicy.Backorderable);
                sku.SetSupply(supplier, null, 1, 1, 10m);
                sku.SetManualPlanning(1_500, null);
                db.Skus.Add(sku);
            }

            await db.SaveChangesAsync(Ct);
            var first = db.Skus.Single(s => s.Code == "VGF-OUTERWEAR-01");
            db.Ledger.Add(first.Move(MovementKind.Adjustment, 12_345, browser.App.Services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime.AddDays(-1), "Opening stock"));
            await db.SaveChangesAsync(Ct);
        }

        var place = browser.App.Services.GetRequiredService<PlaceOrder>();
        for (var i = 1; i <= 12; i++)
        {
            var number = i == 1 ? "VGF/2026/001" : $"VGF-WEB-2026-{i:000000}";
            await place.HandleAsync(
                new PlaceOrderRequest(number, new CustomerInput($"VGF-C{i}", $"Alexandria Montgomery-Whitfield {i}", $"customer{i}@example.com", "Dtc"), "VGF", null, null,
                    "ShipComplete", "KeyAccount", [new OrderLineInput($"VGF-OUTERWEAR-{(i % 11) + 2:00}", 12_000 + i)]),
                Ct);
            await browser.App.Services.GetRequiredService<HoldLine>().HoldAsync(number, 1, new HoldLineRequest("payment check"), new DeskActor("test", "test"), Ct);
        }
    }
}
