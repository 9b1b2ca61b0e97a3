using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using BackorderDesk.Data;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Features.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackorderDesk.Benchmarks;

// The warehouse manager's screens on the large profile (--dashboard):
//   (d1) live tiles: DashboardSummary from the per-client counters, against the full GROUP BY they replace;
//   (d2) the KPIs of an arbitrary 30-day period; (d3) the stock grid's first page with a filter;
//   (d4) a whole dashboard snapshot (tiles, KPIs and trend, charts, lists);
//   (d5) server memory per connected dashboard circuit (N dashboards in headless Chromium);
//   (d6) scan-to-DOM: from POST /api/receipts to the dashboard's live feed showing the scan.
// Usage: dotnet run -c Release --project benchmarks/BackorderDesk.Benchmarks -- --dashboard --db PATH [--runs 15] [--circuits 50] [--dom-scans 40]
internal static class DashboardBench
{
    // The dashboard is for signed-in people: the benchmark signs in as the first admin of the database
    // (the same one the --live mode creates and uses).
    private const string AdminName = "bench-admin";
    private const string AdminPassword = "bench-admin-password-2026";

    public static async Task RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        int Option(string name, int fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
        }

        var runs = Option("--runs", 15);
        var circuits = Option("--circuits", 50);
        var domScans = Option("--dom-scans", 40);
        Console.WriteLine($"Database: {options.Database}");
        await using var host = new BenchHost(options.Database, (AdminName, AdminPassword));
        var started = Stopwatch.StartNew();
        host.Start();
        Console.WriteLine($"App started (migrations, counters) in {started.Elapsed.TotalSeconds:F1} s at {host.Address}");
        var services = host.Services;
        var factory = services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>();
        var time = services.GetRequiredService<TimeProvider>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        string client;
        await using (var db = await factory.CreateDbContextAsync())
        {
            Console.WriteLine($"    {await db.Skus.CountAsync():N0} SKUs, {await db.OrderLines.CountAsync():N0} order lines, {await db.Counters.CountAsync()} counter rows");
            client = await db.Clients.OrderBy(c => c.Id).Select(c => c.Code).FirstAsync(c => c != "DEFAULT");
        }

        // (d1) live tiles.
        var summary = services.GetRequiredService<DashboardSummary>();
        var tiles = await TimeAsync(runs, () => summary.HandleAsync(null, CancellationToken.None));
        var tilesClient = await TimeAsync(runs, () => summary.HandleAsync(client, CancellationToken.None));
        var recompute = await TimeAsync(Math.Min(runs, 5), async () =>
        {
            await using var db = await factory.CreateDbContextAsync();
            return await OrderCounters.RecomputeAsync(db, CancellationToken.None);
        });
        Console.WriteLine($"(d1) live tiles (DashboardSummary from counters): median {Stats.Median(tiles):F1} ms all clients, {Stats.Median(tilesClient):F1} ms for {client}; " +
            $"the full GROUP BY over every order line the counters replace: median {Stats.Median(recompute):F0} ms");

        // (d2) KPIs of an arbitrary period (a different 30-day window ending in the last 90 days each run).
        var kpis = services.GetRequiredService<ComputeKpis>();
        var random = new Random(7);
        var kpiTimes = await TimeAsync(runs, () =>
        {
            var to = today.AddDays(-random.Next(0, 60));
            return kpis.HandleAsync(new KpiPeriod(to.AddDays(-29), to), null, CancellationToken.None);
        });
        var dailyTimes = await TimeAsync(runs, () => kpis.DailyAsync(DashboardView.LastDays(today, 90), null, CancellationToken.None));
        Console.WriteLine($"(d2) KPIs of an arbitrary 30-day period: median {Stats.Median(kpiTimes):F0} ms (p95 {Stats.Percentile(kpiTimes, 95):F0}); daily rates over 90 days: median {Stats.Median(dailyTimes):F0} ms");

        // (d3) stock grid, first page, with a filter.
        var stock = services.GetRequiredService<ListStock>();
        var byClient = await TimeAsync(runs, () => stock.HandleAsync(new StockQuery { Client = client, HasBackorders = true }, CancellationToken.None));
        var bySearch = await TimeAsync(runs, () => stock.HandleAsync(new StockQuery { Search = "jacket" }, CancellationToken.None));
        var below = await TimeAsync(runs, () => stock.HandleAsync(new StockQuery { BelowReorderPoint = true, Sort = StockSort.Available }, CancellationToken.None));
        Console.WriteLine($"(d3) stock grid first page: client {client} + has backorders median {Stats.Median(byClient):F1} ms; search \"jacket\" median {Stats.Median(bySearch):F1} ms; below reorder point sorted by available median {Stats.Median(below):F1} ms");

        // (d4) the whole dashboard snapshot.
        var load = services.GetRequiredService<LoadDashboard>();
        var snapshot = await TimeAsync(Math.Min(runs, 7), () => load.HandleAsync(new DashboardView(), CancellationToken.None));
        var charts = services.GetRequiredService<DashboardCharts>();
        var ages = await TimeAsync(Math.Min(runs, 7), () => charts.WaitingByAgeAsync(null, CancellationToken.None));
        var clients = await TimeAsync(Math.Min(runs, 7), () => charts.WaitingByClientAsync(null, CancellationToken.None));
        var top = await TimeAsync(Math.Min(runs, 7), () => charts.TopShortSkusAsync(null, 10, CancellationToken.None));
        Console.WriteLine($"(d4) whole dashboard snapshot: median {Stats.Median(snapshot):F0} ms (age buckets {Stats.Median(ages):F0} ms, by client {Stats.Median(clients):F0} ms, top short SKUs {Stats.Median(top):F1} ms)");

        // (d5) memory per dashboard circuit and (d6) scan-to-DOM, in headless Chromium.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Address.ToString() });
        await SignInAsync(context);

        // One warm-up circuit so that first-use costs (JIT, caches) are not charged to the circuits.
        var warm = await OpenDashboardAsync(context, "/");
        var (heapBefore, workingSetBefore) = Memory();
        var pages = new List<IPage>();
        for (var i = 0; i < circuits; i++)
        {
            pages.Add(await OpenDashboardAsync(context, "/"));
        }

        var (heapAfter, workingSetAfter) = Memory();
        Console.WriteLine($"(d5) {circuits} dashboard circuits: managed heap +{(heapAfter - heapBefore) / 1024.0 / 1024:F1} MB = {(heapAfter - heapBefore) / 1024.0 / circuits:F0} KB per circuit; " +
            $"working set +{(workingSetAfter - workingSetBefore) / 1024.0 / 1024:F1} MB = {(workingSetAfter - workingSetBefore) / 1024.0 / circuits:F0} KB per circuit");
        foreach (var page in pages)
        {
            await page.CloseAsync();
        }

        // (d6) scan-to-DOM: the feed's newest entry names the scan's quantity; measured in the page's
        // own clock (a MutationObserver) against the moment the request was sent.
        string sku;
        await using (var db = await factory.CreateDbContextAsync())
        {
            sku = await db.Skus.OrderBy(s => s.Id).Select(s => s.Code).FirstAsync();
        }

        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchHost.Key);
        var run = Guid.NewGuid().ToString("N")[..6];
        var latencies = new List<double>();
        for (var i = 0; i < domScans; i++)
        {
            var qty = 1000 + i;
            await warm.EvaluateAsync(@"qty => { window.__seen = null; const want = 'Received ' + qty + ' × ';
                const check = () => { const e = document.querySelector('.live-feed-entry .live-feed-text'); if (!window.__seen && e && e.textContent.startsWith(want)) { window.__seen = Date.now(); } };
                window.__observer?.disconnect(); window.__observer = new MutationObserver(check); window.__observer.observe(document.body, { childList: true, subtree: true, characterData: true }); }", qty);
            var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            using var response = await http.PostAsJsonAsync("/api/receipts", new { scanId = $"dom-{run}-{i}", sku, qty });
            response.EnsureSuccessStatusCode();
            await warm.WaitForFunctionAsync("() => window.__seen !== null", null, new PageWaitForFunctionOptions { Timeout = 10_000 });
            var seen = await warm.EvaluateAsync<double>("() => window.__seen");
            latencies.Add(seen - sent);
        }

        Console.WriteLine($"(d6) scan to dashboard DOM ({domScans} scans, one open dashboard): p50 {Stats.Median(latencies):F0} ms, p95 {Stats.Percentile(latencies, 95):F0} ms, max {latencies.Max():F0} ms");
        await context.CloseAsync();
    }

    private static async Task SignInAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/account/sign-in");
        await page.GetByLabel("User name").FillAsync(AdminName);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(AdminPassword);
        await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).PressAsync("Enter");
        await page.WaitForURLAsync(url => !url.Contains("/account/sign-in", StringComparison.Ordinal), new() { Timeout = 60_000 });
        await page.CloseAsync();
    }

    private static async Task<IPage> OpenDashboardAsync(IBrowserContext context, string url)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        await page.Locator("[data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        return page;
    }

    private static (long Heap, long WorkingSet) Memory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static async Task<List<double>> TimeAsync<T>(int runs, Func<Task<T>> action)
    {
        await action(); // warm-up, not counted
        var times = new List<double>(runs);
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await action();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        return times;
    }
}
