using System.Collections.Concurrent;
using System.Net.Http.Json;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.ScaleOut;

/// <summary>Only the fixture's Chromium is used (its own app stays idle): browser collections take turns.</summary>
[CollectionDefinition(Name)]
public sealed class ScaleOutBrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "ScaleOutBrowser";
}

[Collection(ScaleOutBrowserCollection.Name)]
public sealed class TwoInstanceLiveTests(BrowserFixture browser)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_scan_on_instance_A_changes_the_dashboard_open_on_instance_B_and_reaches_B_hub_clients_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var instances = await TwoInstances.StartAsync(ct);
        try
        {
            using var apiA = TwoInstances.Api(instances.A);
            using var apiB = TwoInstances.Api(instances.B);
            await TwoInstances.AddSkuAsync(apiA, "TWO-1", ct);
            await TwoInstances.AddSkuAsync(apiA, "TWO-2", ct);
            using (var order = await apiA.PostAsJsonAsync("/api/orders", Features.Orders.OrderAllocationRulesTests.OrderBody("SO-TWO-1", ("TWO-1", 2)), ct))
            {
                await TwoInstances.AssertCreatedAsync(order);
            }

            // A hub client of B, in the "all" group: every hub message comes down one Redis channel, in order.
            var stockChanged = new ConcurrentQueue<string>();
            var sentinel = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var hub = TwoInstances.Hub(instances.B);
            hub.On<StockChangedMessage>("StockChanged", m =>
            {
                stockChanged.Enqueue(m.Sku);
                if (m.Sku == "TWO-2")
                {
                    sentinel.TrySetResult();
                }
            });
            await hub.StartAsync(ct);
            await hub.InvokeAsync("JoinAll", ct);

            await using var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
            {
                BaseURL = instances.B.BaseAddress!.ToString(),
                ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
                ColorScheme = ColorScheme.Light,
                Locale = "en-US",
            });
            var page = await context.NewPageAsync();
            await SignInAsync(page, DeskRoles.Manager);
            await page.GotoAsync("/");
            await BrowserFixture.WaitForInteractiveAsync(page);
            await Expect(page.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("2");
            await Expect(page.Locator("[data-metric=open-orders-waiting] .metric-value")).ToHaveTextAsync("1");
            await page.EvaluateAsync("() => window.__sameDocument = true");

            using (var scan = await apiA.PostAsJsonAsync("/api/receipts", new { scanId = "TWO-SCAN-1", barcode = "BC-TWO-1", qty = 2 }, ct))
            {
                await TwoInstances.AssertCreatedOrOkAsync(scan);
            }

            await Expect(page.Locator("[data-metric=waiting-units] .metric-value")).ToHaveTextAsync("0");
            await Expect(page.Locator("[data-metric=open-orders-waiting] .metric-value")).ToHaveTextAsync("0");
            Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "The dashboard on B was reloaded; it should have changed in place.");
            await BrowserFixture.SaveScreenshotAsync(page, "instance-b-dashboard-after-scan-on-a");

            // B's own scan: anything B's hub forwarder still had of A's change would go out before it,
            // down the same channel; when its message is here, every copy of A's is too.
            using (var scan = await apiB.PostAsJsonAsync("/api/receipts", new { scanId = "TWO-SCAN-2", barcode = "BC-TWO-2", qty = 1 }, ct))
            {
                await TwoInstances.AssertCreatedOrOkAsync(scan);
            }

            await sentinel.Task.WaitAsync(Patience, ct);
            Assert.Equal(["TWO-1", "TWO-2"], stockChanged.ToArray());
        }
        catch
        {
            instances.WriteOutput();
            throw;
        }
    }

    /// <summary>Signs in on the instance's own sign-in page, as a person would.</summary>
    private static async Task SignInAsync(IPage page, string role)
    {
        await page.GotoAsync(DeskAuthentication.SignInPath);
        await page.GetByLabel("User name").FillAsync(DeskSignIn.UserName(role));
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(DeskSignIn.Password);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains(DeskAuthentication.SignInPath, StringComparison.Ordinal));
    }

    private sealed record StockChangedMessage(string Sku, int OnHand, int Allocated, int Available, int Backordered);
}
