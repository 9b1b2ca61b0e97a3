using BackorderDesk.Tests.Features.Dashboard;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ShellBrowserTests(BrowserFixture browser)
{
    // BrandTheme's Background colours, as the browser computes them.
    private const string LightBackground = "rgb(244, 246, 249)";
    private const string DarkBackground = "rgb(16, 22, 29)";

    [Fact]
    public async Task Theme_switch_changes_the_theme_and_the_choice_survives_a_reload()
    {
        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            var body = page.Locator("body");
            await Expect(body).ToHaveCSSAsync("background-color", LightBackground);

            await page.Locator(".theme-switch").ClickAsync();

            await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
            await Expect(page.Locator(".theme-switch")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
            Assert.Equal("dark", await page.EvaluateAsync<string?>("localStorage.getItem('backorderdesk.theme')"));

            await page.ReloadAsync();
            await BrowserFixture.WaitForInteractiveAsync(page);

            await Expect(body).ToHaveCSSAsync("background-color", DarkBackground);
            await Expect(page.Locator(".theme-switch")).ToHaveAttributeAsync("aria-label", "Switch to light theme");
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-dark");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Drawer_leads_to_every_section()
    {
        var page = await browser.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var navigation = page.GetByRole(AriaRole.Navigation);

            foreach (var (link, path) in new[]
            {
                ("Receiving", "/receiving"), ("Backorders", "/backorders"), ("Stock", "/stock"),
                ("Customer service", "/customer-service"), ("Planning", "/planning"),
            })
            {
                await navigation.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();

                await Expect(page).ToHaveURLAsync(new Uri(browser.BaseAddress, path).ToString());
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = link, Exact = true })).ToBeVisibleAsync();
                await Expect(page).ToHaveTitleAsync($"{link} · BackorderDesk");
            }

            await navigation.GetByRole(AriaRole.Link, new() { Name = "Dashboard", Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(browser.BaseAddress.ToString());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task Dashboard_shows_the_figures_of_the_database()
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
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);

            // Figures that do not depend on today's date (the app here runs on the real clock).
            await Expect(page.Locator("[data-metric=open-orders] .metric-value")).ToHaveTextAsync("3");
            await Expect(page.Locator("[data-metric=backorder-rate] .metric-value")).ToHaveTextAsync("66.7 %");
            await Expect(page.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("6");
            await BrowserFixture.SaveScreenshotAsync(page, "dashboard-light");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
