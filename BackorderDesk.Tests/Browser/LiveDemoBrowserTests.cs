using BackorderDesk.Features.LiveDemo;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Deque.AxeCore.Playwright;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>A separate app and browser: switching the live demo on must not touch the data other browser tests count.</summary>
[CollectionDefinition(Name)]
public sealed class LiveDemoBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "LiveDemoBrowser";
}

[Collection(LiveDemoBrowserCollection.Name)]
public sealed class LiveDemoBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_manager_switches_the_live_demo_with_the_keyboard_and_the_switch_says_its_state()
    {
        var demo = browser.App.Services.GetRequiredService<LiveDemoSwitch>();
        var page = await browser.NewPageAsync(DeskRoles.Manager);
        try
        {
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);
            var toggle = page.GetByRole(AriaRole.Switch, new() { Name = "Live demo" });
            await Expect(toggle).Not.ToBeCheckedAsync();
            await Expect(toggle).ToHaveAccessibleDescriptionAsync(new System.Text.RegularExpressions.Regex("^Places an order every ~5 s .* not for a real warehouse\\. Off: nothing is generated\\.$"));

            await toggle.FocusAsync();
            await page.Keyboard.PressAsync("Space");
            await Expect(toggle).ToBeCheckedAsync();
            await Expect(page.Locator(".live-demo")).ToHaveAttributeAsync("data-live-demo", "on");
            Assert.True(demo.IsOn);

            var result = await page.Locator(".live-demo").RunAxe();
            Assert.Empty(result.Violations.Where(v => v.Impact is "critical" or "serious").Select(v => $"{v.Id}: {v.Help}"));

            await page.Keyboard.PressAsync("Space");
            await Expect(toggle).Not.ToBeCheckedAsync();
            await Expect(page.Locator(".live-demo-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^Off: switched off by .+ s ago\\.$"));
            Assert.False(demo.IsOn);
        }
        finally
        {
            demo.Switch(false, "test", TimeProvider.System.GetUtcNow());
            await page.Context.CloseAsync();
        }
    }

    [Fact]
    public async Task A_planner_sees_no_switch()
    {
        var page = await browser.NewPageAsync(DeskRoles.Planner);
        try
        {
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Switch, new() { Name = "Live demo" })).ToHaveCountAsync(0);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
