using BackorderDesk.Hosting;
using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using BackorderDesk.Tests.TestSupport;
using Deque.AxeCore.Playwright;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace BackorderDesk.Tests.Browser;

/// <summary>
/// Axe-core (embedded by Deque.AxeCore.Playwright) on every page of the app, on the small demo warehouse.
/// The pages come from the [Route] attributes of the app's components, so a new page is checked as
/// soon as it exists; a route parameter without a sample value below fails the test and says so.
/// </summary>
[Collection(DemoBrowserCollection.Name)]
public sealed partial class AccessibilityBrowserTests(DemoBrowserFixture demo)
{
    /// <summary>An address no page answers, to check the not-found page too.</summary>
    private const string UnknownAddress = "/no-such-page/at-all";

    [Fact]
    public async Task Every_page_has_one_main_landmark_and_no_critical_or_serious_axe_violation()
    {
        var ct = TestContext.Current.CancellationToken;
        var samples = await SampleRouteValuesAsync(ct);
        var addresses = PageRoutes().Select(template => Fill(template, samples)).Append(UnknownAddress).ToList();

        var report = new StringBuilder("page\tcritical\tserious\tmoderate\tminor\tmain elements\trules\n");
        var failures = new List<string>();
        foreach (var address in addresses)
        {
            // An Admin may open every page; the account pages render for anyone.
            var page = await demo.Browser.NewPageAsync(DeskRoles.Admin);
            try
            {
                await page.SetViewportSizeAsync(1440, 900);
                var response = await page.GotoAsync(address);
                var expectedStatus = address == UnknownAddress ? 404 : 200;
                if (response?.Status != expectedStatus)
                {
                    failures.Add($"{address}: HTTP {response?.Status}, expected {expectedStatus}");
                }

                // The account pages are plain server-rendered forms; every other page becomes interactive.
                if (!address.StartsWith("/account/", StringComparison.Ordinal))
                {
                    await BrowserFixture.WaitForInteractiveAsync(page);
                }

                await page.WaitForLoadStateAsync(LoadState.NetworkIdle);

                var result = await page.RunAxe();
                var mains = await page.Locator("main").CountAsync();
                int Count(string impact) => result.Violations.Count(v => v.Impact == impact);
                report.Append(CultureInfo.InvariantCulture,
                    $"{address}\t{Count("critical")}\t{Count("serious")}\t{Count("moderate")}\t{Count("minor")}\t{mains}\t{string.Join(", ", result.Violations.Select(v => $"{v.Id} ({v.Impact}, {v.Nodes.Length})"))}\n");

                if (mains != 1)
                {
                    failures.Add($"{address}: {mains} <main> elements, expected exactly 1");
                }

                foreach (var violation in result.Violations.Where(v => v.Impact is "critical" or "serious"))
                {
                    foreach (var node in violation.Nodes)
                    {
                        failures.Add($"{address}: {violation.Id} ({violation.Impact}) at {node.Target}: {violation.Help}");
                    }
                }
            }
            finally
            {
                await page.Context.CloseAsync();
            }
        }

        var path = WriteReport(report.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        TestContext.Current.TestOutputHelper?.WriteLine($"Axe report saved: {path}");
        Assert.True(failures.Count == 0, "Accessibility problems:\n" + string.Join("\n", failures));
    }

    [Fact]
    public async Task An_unknown_address_shows_the_apps_not_found_page_inside_the_layout_with_a_way_on()
    {
        var page = await demo.Browser.NewPageAsync();
        try
        {
            var response = await page.GotoAsync("/stock/NO-SUCH/extra");
            Assert.Equal(404, response?.Status);
            await BrowserFixture.WaitForInteractiveAsync(page);

            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found", Level = 1 })).ToBeVisibleAsync();
            await Expect(page).ToHaveTitleAsync("Not found · BackorderDesk");
            await Expect(page.GetByRole(AriaRole.Navigation)).ToBeVisibleAsync();
            await Expect(page.Locator("main")).ToHaveCountAsync(1);

            await page.Locator(".not-found-home").ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard", Level = 1 })).ToBeVisibleAsync();
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    /// <summary>Every page template of the app: the [Route] attributes of its components.</summary>
    private static List<string> PageRoutes() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Real values from the demo warehouse: a SKU with waiting lines, its order, a PO and its supplier.</summary>
    private async Task<Dictionary<string, string>> SampleRouteValuesAsync(CancellationToken ct)
    {
        await using var db = await demo.Browser.CreateDbContextAsync(ct);
        var waiting = await db.OrderLines.AsNoTracking()
            .Where(l => l.BackorderedAt != null && l.FilledAt == null && l.ShippedAt == null && l.CancelledQty == 0)
            .OrderBy(l => l.Id)
            .Select(l => new { Sku = l.Sku.Code, Order = l.Order.Number })
            .FirstAsync(ct);
        var po = await db.PurchaseOrders.AsNoTracking()
            .Where(p => p.Lines.Any(l => l.ReceivedQty < l.Qty))
            .OrderBy(p => p.Id)
            .Select(p => new { p.Number, Supplier = p.Supplier.Code })
            .FirstAsync(ct);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["/purchase-orders/{Number}"] = po.Number,
            ["/stock/{Code}"] = waiting.Sku,
            ["/suppliers/{Code}"] = po.Supplier,
            ["/backorders/{Sku}"] = waiting.Sku,
            ["/customer-service/orders/{Number}"] = waiting.Order,
            // The page a 403 re-executes to ("your role cannot open this page").
            ["/status/{Code:int}"] = "403",
        };
    }

    private static string Fill(string template, Dictionary<string, string> samples) =>
        Parameters().Replace(template, _ => samples.TryGetValue(template, out var value)
            ? Uri.EscapeDataString(value)
            : throw new InvalidOperationException($"The page {template} has a route parameter without a sample value; add one to {nameof(SampleRouteValuesAsync)}."));

    private static string WriteReport(string text)
    {
        var folder = Environment.GetEnvironmentVariable("BOD_ARTIFACTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryPaths.Root, "TestResults", "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, "axe-report.txt");
        File.WriteAllText(path, text);
        return path;
    }

    [GeneratedRegex(@"\{([^}:?]+)[^}]*\}")]
    private static partial Regex Parameters();
}
