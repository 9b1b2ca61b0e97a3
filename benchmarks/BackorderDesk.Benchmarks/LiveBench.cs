using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using BackorderDesk.Data;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace BackorderDesk.Benchmarks;

// The live path from a committed write to every screen and hub client (--live):
//   (l1) scans/s through POST /api/receipts with no hub client, then with N hub clients connected (all joined to "all");
//   (l2) scan-to-hub-client: from sending the scan to each of the N clients receiving ReceiptScanned;
//   (l3) scan-to-DOM: from sending the scan to an open dashboard's live feed showing it, for each count of open
//        dashboards given (the measured one plus the others, all signed in and live).
// Usage: dotnet run -c Release --project benchmarks/BackorderDesk.Benchmarks -- --live --db PATH [--hub-clients 50]
//        [--scans 1500] [--concurrency 16] [--latency-scans 200] [--dashboards 2,50] [--dom-scans 40]
internal static class LiveBench
{
    private const string AdminName = "bench-admin";
    private const string AdminPassword = "bench-admin-password-2026";

    public static async Task RunAsync(string[] args)
    {
        var options = BenchOptions.Parse(args);
        string Text(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        var hubClients = int.Parse(Text("--hub-clients", "50"), CultureInfo.InvariantCulture);
        var scanCount = int.Parse(Text("--scans", "1500"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Text("--concurrency", "16"), CultureInfo.InvariantCulture);
        var latencyScans = int.Parse(Text("--latency-scans", "200"), CultureInfo.InvariantCulture);
        var domScans = int.Parse(Text("--dom-scans", "40"), CultureInfo.InvariantCulture);
        var dashboardCounts = Text("--dashboards", "2,50").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();

        Console.WriteLine($"Database: {options.Database}");
        await using var host = new BenchHost(options.Database, (AdminName, AdminPassword));
        var started = Stopwatch.StartNew();
        host.Start();
        Console.WriteLine($"App started in {started.Elapsed.TotalSeconds:F1} s at {host.Address}");
        var factory = host.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>();
        List<string> skus;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var waiting = await db.Skus.Where(s => s.Backordered > 0).OrderBy(s => s.Id).Select(s => s.Code).Take(300).ToListAsync();
            var any = await db.Skus.OrderBy(s => s.Id).Select(s => s.Code).Take(300).ToListAsync();
            skus = [.. waiting, .. any];
        }

        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchHost.Key);
        var run = Guid.NewGuid().ToString("N")[..8];
        var random = new Random(11);
        await PostAsync(http, new { scanId = $"live-{run}-warmup", sku = skus[0], qty = 1 });

        // (l1) throughput without and with hub clients.
        var without = await ThroughputAsync(http, skus, random, $"live-{run}-a", scanCount, concurrency);
        var arrivals = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var connections = new List<HubConnection>();
        for (var i = 0; i < hubClients; i++)
        {
            var connection = new HubConnectionBuilder().WithUrl(new Uri(host.Address, $"/hubs/warehouse?apiKey={BenchHost.Key}")).Build();
            connection.On<ReceiptScannedMessage>("ReceiptScanned", m => arrivals.GetOrAdd(m.ScanId, _ => []).Add(Stopwatch.GetTimestamp()));
            await connection.StartAsync();
            await connection.InvokeAsync("JoinAll");
            connections.Add(connection);
        }

        var with = await ThroughputAsync(http, skus, random, $"live-{run}-b", scanCount, concurrency);
        Console.WriteLine($"(l1) {scanCount} scans through POST /api/receipts, {concurrency} in flight: {without:F0} scans/s with no hub client, " +
            $"{with:F0} scans/s with {hubClients} hub clients connected (ratio {with / without:F2})");

        // (l2) scan-to-hub-client latency, one scan at a time.
        var latencies = new List<double>();
        var missing = 0;
        for (var i = 0; i < latencyScans; i++)
        {
            var scanId = $"live-{run}-lat-{i}";
            var sent = Stopwatch.GetTimestamp();
            await PostAsync(http, new { scanId, sku = skus[random.Next(skus.Count)], qty = 1 });
            var deadline = Stopwatch.StartNew();
            while ((!arrivals.TryGetValue(scanId, out var bag) || bag.Count < hubClients) && deadline.ElapsedMilliseconds < 5000)
            {
                await Task.Delay(1);
            }

            var received = arrivals.TryGetValue(scanId, out var times) ? times.ToArray() : [];
            missing += hubClients - received.Length;
            latencies.AddRange(received.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds));
        }

        Console.WriteLine($"(l2) scan to hub client, {hubClients} clients, {latencyScans} scans ({latencies.Count} deliveries, {missing} missing): " +
            $"p50 {Stats.Median(latencies):F1} ms, p95 {Stats.Percentile(latencies, 95):F1} ms, p99 {Stats.Percentile(latencies, 99):F1} ms");
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        // (l3) scan-to-DOM with open dashboards.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-renderer-backgrounding", "--disable-background-timer-throttling", "--disable-backgrounding-occluded-windows"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.Address.ToString() });
        await SignInAsync(context);
        var measured = await OpenDashboardAsync(context);
        var others = new List<IPage>();
        var sku = skus[^1];
        foreach (var count in dashboardCounts)
        {
            while (others.Count < count - 1)
            {
                others.Add(await OpenDashboardAsync(context));
            }

            var dom = new List<double>();
            for (var i = 0; i < domScans; i++)
            {
                var qty = 1000 + i;
                await measured.EvaluateAsync(@"qty => { window.__seen = null; const want = 'Received ' + qty + ' × ';
                    const check = () => { const e = document.querySelector('.live-feed-entry .live-feed-text'); if (!window.__seen && e && e.textContent.startsWith(want)) { window.__seen = Date.now(); } };
                    window.__observer?.disconnect(); window.__observer = new MutationObserver(check); window.__observer.observe(document.body, { childList: true, subtree: true, characterData: true }); }", qty);
                var sent = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                await PostAsync(http, new { scanId = $"live-{run}-dom-{count}-{i}", sku, qty });
                await measured.WaitForFunctionAsync("() => window.__seen !== null", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
                dom.Add(await measured.EvaluateAsync<double>("() => window.__seen") - sent);
            }

            Console.WriteLine($"(l3) scan to dashboard DOM with {count} open dashboards, {domScans} scans: p50 {Stats.Median(dom):F0} ms, p95 {Stats.Percentile(dom, 95):F0} ms, max {dom.Max():F0} ms");
        }

        await context.CloseAsync();
    }

    private static async Task<double> ThroughputAsync(HttpClient http, List<string> skus, Random random, string prefix, int count, int concurrency)
    {
        var scans = Enumerable.Range(0, count).Select(i => new { scanId = $"{prefix}-{i}", sku = skus[random.Next(skus.Count)], qty = 1 }).ToArray();
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(scans, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (scan, _) =>
        {
            if (!await PostAsync(http, scan))
            {
                Interlocked.Increment(ref failures);
            }
        });
        if (failures > 0)
        {
            Console.WriteLine($"    {failures} of {count} scans failed");
        }

        return count / clock.Elapsed.TotalSeconds;
    }

    private static async Task<bool> PostAsync(HttpClient http, object scan)
    {
        using var response = await http.PostAsJsonAsync("/api/receipts", scan);
        return response.IsSuccessStatusCode;
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

    private static async Task<IPage> OpenDashboardAsync(IBrowserContext context)
    {
        var page = await context.NewPageAsync();
        await page.GotoAsync("/");
        await page.Locator("[data-interactive=yes]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        await page.Locator("[data-state=ready]").WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 120_000 });
        return page;
    }
}
