using BackorderDesk.Tests.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>Only reads: the data is the Dashboard's hand-made set, seeded as the shell tests do when the database is empty.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StockBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_filter_set_in_the_url_survives_a_reload()
    {
        await using (var db = await browser.CreateDbContextAsync(TestContext.Current.CancellationToken))
        {
            if (!await db.Skus.AnyAsync(TestContext.Current.CancellationToken))
            {
                await DashboardDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
            }
        }

        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/stock?sort=onhand&dir=desc");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("a.stock-sku")).ToHaveTextAsync(["B", "A", "C"]);

            await page.Locator(".stock-search input").FillAsync("fleece");
            await page.Locator(".stock-search input").PressAsync("Enter");

            await Expect(page.Locator("a.stock-sku")).ToHaveTextAsync(["B"]);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("q=fleece"));

            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);

            await Expect(page.Locator("a.stock-sku")).ToHaveTextAsync(["B"]);
            await Expect(page.Locator(".stock-search input")).ToHaveValueAsync("fleece");
            Assert.Contains("q=fleece", page.Url, StringComparison.Ordinal);
            Assert.Contains("sort=onhand", page.Url, StringComparison.Ordinal);
            Assert.Contains("dir=desc", page.Url, StringComparison.Ordinal);
            await BrowserFixture.SaveScreenshotAsync(page, "stock-filtered");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
