using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;

using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Receiving;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Benchmarks;

// Benchmarks of the allocation engine on the large demo profile (100k SKUs, 1M order lines):
//   (a) scans/s end to end through the HTTP API, against raw SQLite single-row transactions/s (synchronous=FULL) on the same disk;
//   (b) scan-to-notification latency with N hub clients connected;
//   (c) one allocation run against a queue of 10,000 waiting lines.
// Usage: dotnet run -c Release --project benchmarks/BackorderDesk.Benchmarks -- [--db PATH] [--scans 4000] [--concurrency 64]
//        [--hub-clients 50] [--hub-clients-during-throughput] [--latency-scans 300] [--queue 10000] [--queue-runs 3]
// Other modes: --exports for the Excel exports (ExportBench.cs),
//        --dashboard for the manager's screens (DashboardBench.cs),
//        --live for the live path from a write to hub clients and open dashboards (LiveBench.cs),
//        --mode desk [--orders 100]: the customer-service desk instead (DeskBench.cs),
//        --mode recompute (or --recompute): the nightly planning recompute over every SKU (RecomputeBench.cs), --queue-runs times,
//        --write-path: the write path against the raw SQLite ceiling on the same disk (WritePathBench.cs): (w1) raw insert+update
//            transactions/s, (w2) POST /api/receipts scans/s with N in flight and the ratio, (w3) POST /api/orders p50/p95 on SKUs with
//            0, 1,000 and 10,000 waiting lines, (w4) one receipt filling 10,000 lines and other scans' p50/p99 meanwhile; medians of --runs.
//            On a new file in --folder (default /tmp), seeded with --profile (default Small) or a copy of --from PATH (never written):
//            [--folder /tmp] [--profile Small | --from /tmp/backorderdesk-large.db] [--runs 3] [--ceiling-transactions 3000] [--scans 2000] [--scan-warmups 200]
//            [--concurrency 64] [--queue 10000] [--placements 50] [--placement-warmups 3] [--placement-seconds 60] [--stream-in-flight 8] [--keep] (keeps the file).
//        --scale-out: PostgreSQL and two app instances (ScaleOutBench.cs): (a) pgbench's one-row UPDATE+INSERT transactions/s as the ceiling
//            (its own cluster with fsync on, or --pg ADMIN-CONNECTION-STRING), (b) POST /api/receipts scans/s with one and with two instances
//            (separate processes, requests spread over both) and the ratio to (a), (c) scan-to-screen p50/p95/p99 with hub clients on instance B
//            and scans on A (needs the Redis backplane: its own redis-server, or --redis host:port); medians of --runs:
//            [--pg CONNECTION] [--redis host:port] [--runs 3] [--scans 2000] [--scan-warmups 500] [--concurrency 64] [--pgbench-seconds 10]
//            [--hub-clients 50] [--latency-scans 100]
//            Managed memory per dashboard circuit with 50 circuits, the last write-path figure, is --dashboard --circuits 50 (d5).
internal static class Bench
{
    public static async Task Main(string[] args)
    {
        if (args.Contains("--live"))
        {
            await LiveBench.RunAsync(args);
            return;
        }

        if (args.Contains("--scale-out"))
        {
            await ScaleOutBench.RunAsync(args);
            return;
        }

        if (args.Contains("--write-path"))
        {
            await WritePathBench.RunAsync(args);
            return;
        }

        if (args.Contains("--dashboard"))
        {
            await DashboardBench.RunAsync(args);
            return;
        }

        var options = BenchOptions.Parse(args);
        Console.WriteLine($"Database: {options.Database} (seeded with the Large profile on first use; that takes a while)");
        if (args.Contains("--exports"))
        {
            await ExportBench.RunAsync(options.Database, args);
            return;
        }

        await using var host = new BenchHost(options.Database);
        var started = Stopwatch.StartNew();
        host.Start();
        Console.WriteLine($"App started and database ready in {started.Elapsed.TotalSeconds:F1} s at {host.Address}");
        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchHost.Key);
        if (options.Mode == "recompute" || args.Contains("--recompute"))
        {
            await RecomputeBench.RunAsync(host, options.QueueRuns);
            return;
        }

        var services = host.Services;
        if (options.Mode == "desk")
        {
            await DeskBench.RunAsync(services, options.Orders);
            return;
        }

        var factory = services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>();

        // ----- Ceiling: raw SQLite single-row transactions with synchronous=FULL, same disk. -----
        var rawPerSecond = RawSqliteCeiling.Measure(Path.GetDirectoryName(Path.GetFullPath(options.Database))!, 3000, withUpdate: false);
        Console.WriteLine($"(a) raw SQLite ceiling: {rawPerSecond:F0} single-row transactions/s (WAL, synchronous=FULL)");

        // Hub clients that join "all" and note when each receipt reaches them; connected before (a)
        // with --hub-clients-during-throughput, so that (a) measures scans/s with them listening.
        var arrivals = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var connections = new List<HubConnection>();
        async Task ConnectHubClientsAsync()
        {
            for (var i = 0; i < options.HubClients; i++)
            {
                var connection = new HubConnectionBuilder()
                    .WithUrl(new Uri(host.Address, $"/hubs/warehouse?apiKey={BenchHost.Key}"))
                    .Build();
                connection.On<ReceiptScannedMessage>("ReceiptScanned", m => arrivals.GetOrAdd(m.ScanId, _ => []).Add(Stopwatch.GetTimestamp()));
                await connection.StartAsync();
                await connection.InvokeAsync("JoinAll");
                connections.Add(connection);
            }
        }

        if (args.Contains("--hub-clients-during-throughput"))
        {
            await ConnectHubClientsAsync();
            Console.WriteLine($"    {connections.Count} hub clients connected during (a)");
        }

        // ----- (a) scans/s through the API. -----
        List<string> skuPool;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var waiting = await db.Skus.Where(s => s.Backordered > 0).OrderBy(s => s.Id).Select(s => s.Code).Take(500).ToListAsync();
            var any = await db.Skus.OrderBy(s => s.Id).Select(s => s.Code).Take(500).ToListAsync();
            skuPool = [.. waiting, .. any];
            Console.WriteLine($"    scanning over {waiting.Count} SKUs with waiting lines and {any.Count} others");
        }

        var run = Guid.NewGuid().ToString("N")[..8];
        var random = new Random(42);
        var scans = Enumerable.Range(0, options.Scans).Select(i => new ReceiptRequest($"bench-{run}-{i}", null, skuPool[random.Next(skuPool.Count)], 1, null)).ToArray();
        await PostScanAsync(http, scans[0] with { ScanId = $"bench-{run}-warmup" });
        var failures = 0;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(scans, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (scan, ct) =>
        {
            if (!await PostScanAsync(http, scan))
            {
                Interlocked.Increment(ref failures);
            }
        });
        clock.Stop();
        var scansPerSecond = options.Scans / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"(a) {options.Scans} scans with allocation through POST /api/receipts, {options.Concurrency} in flight: {scansPerSecond:F0} scans/s ({failures} failed) = {scansPerSecond / rawPerSecond:P0} of the raw ceiling");

        // The same scans straight into the use case, without HTTP: what the write path alone sustains.
        var receiveDirect = services.GetRequiredService<ReceiveScan>();
        var direct = scans.Select(s => s with { ScanId = s.ScanId + "-direct" }).ToArray();
        clock.Restart();
        await Parallel.ForEachAsync(direct, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (scan, ct) => await receiveDirect.HandleAsync(scan, ct));
        clock.Stop();
        Console.WriteLine($"    the same {options.Scans} scans straight into the write path (no HTTP): {options.Scans / clock.Elapsed.TotalSeconds:F0} scans/s");

        // ----- (b) scan-to-notification latency with hub clients connected. -----
        if (connections.Count == 0)
        {
            await ConnectHubClientsAsync();
        }

        var latencies = new List<double>();
        var missing = 0;
        for (var i = 0; i < options.LatencyScans; i++)
        {
            var scan = new ReceiptRequest($"lat-{run}-{i}", null, skuPool[random.Next(skuPool.Count)], 1, null);
            var sent = Stopwatch.GetTimestamp();
            await PostScanAsync(http, scan);
            var deadline = Stopwatch.StartNew();
            while ((!arrivals.TryGetValue(scan.ScanId!, out var bag) || bag.Count < options.HubClients) && deadline.ElapsedMilliseconds < 2000)
            {
                await Task.Delay(1);
            }

            var received = arrivals.TryGetValue(scan.ScanId!, out var times) ? times.ToArray() : [];
            missing += options.HubClients - received.Length;
            latencies.AddRange(received.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds));
        }

        Console.WriteLine($"(b) scan-to-notification with {options.HubClients} hub clients, {options.LatencyScans} scans ({latencies.Count} deliveries, {missing} missing): " +
            $"p50 {Stats.Percentile(latencies, 50):F1} ms, p95 {Stats.Percentile(latencies, 95):F1} ms, p99 {Stats.Percentile(latencies, 99):F1} ms");
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }

        // ----- (c) one allocation run against a queue of N waiting lines. -----
        var writer = services.GetRequiredService<WarehouseWriter>();
        var receive = services.GetRequiredService<ReceiveScan>();
        var runs = new List<double>();
        for (var r = 0; r < options.QueueRuns; r++)
        {
            var code = $"BENCH-Q-{run}-{r}";
            await writer.WriteAsync(async (scope, ct) =>
            {
                var client = await scope.Db.Clients.OrderBy(c => c.Id).FirstAsync(ct);
                var supplier = await scope.Db.Suppliers.OrderBy(s => s.Id).FirstAsync(ct);
                var sku = new Sku(code, "Queue benchmark item", client, SellingPolicy.Backorderable);
                sku.SetSupply(supplier, null, 1, 1, 1m);
                scope.Db.Skus.Add(sku);
                await scope.Db.SaveChangesAsync(ct);
                var customer = new Customer($"BENCH-{run}-{r}", "Queue benchmark customer", null, CustomerType.B2b);
                var book = await scope.LoadBookAsync(sku, ct);
                for (var i = 0; i < options.Queue; i++)
                {
                    var order = new SalesOrder($"BQ-{run}-{r}-{i:D5}", client, customer, "bench", scope.Now.AddSeconds(i), ShipPolicy.ShipPartial, (OrderPriority)(i % 3));
                    order.AddLine(sku, 1);
                    book.OpenLines.Add(order.Lines[0]);
                    order.Lines[0].MarkBackorderedIfWaiting(scope.Now);
                    scope.Db.Orders.Add(order);
                }

                return 0;
            });
            var one = Stopwatch.StartNew();
            var answer = await receive.HandleAsync(new ReceiptRequest($"queue-{run}-{r}", null, code, options.Queue, null), CancellationToken.None);
            one.Stop();
            runs.Add(one.Elapsed.TotalMilliseconds);
            Console.WriteLine($"    run {r + 1}: {answer.Allocations.Count} lines allocated in {one.Elapsed.TotalMilliseconds:F0} ms");
        }

        Console.WriteLine($"(c) one receipt allocating a queue of {options.Queue} waiting lines (load, allocate, ETAs, save, commit): median {Stats.Median(runs):F0} ms over {runs.Count} runs");

        static async Task<bool> PostScanAsync(HttpClient http, ReceiptRequest scan)
        {
            using var response = await http.PostAsJsonAsync("/api/receipts", scan);
            return response.IsSuccessStatusCode;
        }
    }
}

internal sealed record ReceiptScannedMessage(string ScanId, string Sku, int Qty);

internal sealed record BenchOptions(string Database, int Scans, int Concurrency, int HubClients, int LatencyScans, int Queue, int QueueRuns, string Mode, int Orders)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new(
            Value("--db", Path.Combine(Path.GetTempPath(), "backorderdesk-large.db")),
            int.Parse(Value("--scans", "4000")),
            int.Parse(Value("--concurrency", "64")),
            int.Parse(Value("--hub-clients", "50")),
            int.Parse(Value("--latency-scans", "300")),
            int.Parse(Value("--queue", "10000")),
            int.Parse(Value("--queue-runs", "3")),
            Value("--mode", "engine"),
            int.Parse(Value("--orders", "100")));
    }
}
