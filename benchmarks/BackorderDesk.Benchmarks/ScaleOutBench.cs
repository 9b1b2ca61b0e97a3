using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;

using BackorderDesk.Data;
using BackorderDesk.Features.Verify;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BackorderDesk.Benchmarks;

/// <summary>
/// Scale-out on PostgreSQL, in one run on this machine:
///   (a) PostgreSQL's own ceiling: pgbench, one-row UPDATE + INSERT transactions, 64 clients, on a cluster with fsync on;
///   (b) scans/s end to end (POST /api/receipts, 64 in flight) with one app instance and with two (separate processes on two
///       ports over one database, requests spread over both), and their ratio to (a);
///   (c) scan-to-screen latency across instances: hub clients connected to instance B (JoinAll), scans posted on instance A,
///       from the POST to each client's receipt of that scan's event; it needs the Redis backplane (BackorderDesk:Redis).
/// Without --pg the mode starts its own PostgreSQL cluster (fsync on, the defaults otherwise) in a temporary folder and removes
/// it afterwards; without --redis it starts its own redis-server when one is installed. The app instances are the app's own
/// Release build output (BackorderDesk/bin/Release/net10.0), run as the operator runs them, with a new database seeded with
/// the Small demo profile; verify runs on it at the end.
/// </summary>
internal static class ScaleOutBench
{
    private const string PgBin = "/usr/lib/postgresql/15/bin";

    public static async Task RunAsync(string[] args)
    {
        var options = ScaleOutOptions.Parse(args);
        var run = Guid.NewGuid().ToString("N")[..6];
        Console.WriteLine($"Scale-out benchmark, run {run}");
        var summary = new List<(string What, string Figure)>();
        await using var cluster = options.Postgres is { } given ? PostgresCluster.Existing(given) : await PostgresCluster.StartAsync(run);
        await using var redis = options.Redis is { } redisGiven ? RedisServer.Existing(redisGiven) : await RedisServer.StartAsync();
        Console.WriteLine($"PostgreSQL: {cluster.Describe}");
        Console.WriteLine($"Redis: {redis.Describe}");

        // ----- (a) The ceiling: pgbench with one-row UPDATE + INSERT transactions. -----
        var ceilings = new List<double>();
        var benchDb = $"bod_pgbench_{run}";
        await cluster.ExecuteAsync($"CREATE DATABASE {benchDb}");
        await PgBenchAsync(cluster, benchDb, ["-i", "-q", "-s", "1"]);
        var script = Path.Combine(Path.GetTempPath(), $"bod-pgbench-{run}.sql");
        await File.WriteAllTextAsync(script, """
            \set aid random(1, 100000)
            \set delta random(-5000, 5000)
            BEGIN;
            UPDATE pgbench_accounts SET abalance = abalance + :delta WHERE aid = :aid;
            INSERT INTO pgbench_history (tid, bid, aid, delta, mtime) VALUES (1, 1, :aid, :delta, CURRENT_TIMESTAMP);
            END;
            """);
        for (var r = 0; r < options.Runs; r++)
        {
            var output = await PgBenchAsync(cluster, benchDb, ["-n", "-c", options.Concurrency.ToString(CultureInfo.InvariantCulture), "-j", "2",
                "-T", options.PgBenchSeconds.ToString(CultureInfo.InvariantCulture), "-f", script]);
            var tps = output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal))
                ?? throw new InvalidOperationException($"pgbench printed no tps line:\n{output}");
            ceilings.Add(double.Parse(tps.Split(' ')[2], CultureInfo.InvariantCulture));
            Console.WriteLine($"    pgbench run {r + 1}: {ceilings[^1]:F0} transactions/s");
        }

        File.Delete(script);
        await cluster.ExecuteAsync($"DROP DATABASE {benchDb}");
        var ceiling = Stats.Median(ceilings);
        Console.WriteLine($"(a) PostgreSQL ceiling: median {ceiling:F0} transactions/s of one UPDATE + one INSERT, {options.Concurrency} clients, {options.PgBenchSeconds} s a run (fsync {cluster.Fsync})");
        summary.Add(($"(a) pgbench UPDATE+INSERT transactions/s, {options.Concurrency} clients (fsync {cluster.Fsync})", $"{ceiling:F0}"));

        // ----- The app's database, seeded by instance A. -----
        var appDb = $"bod_scaleout_{run}";
        var connectionString = cluster.ConnectionString(appDb);
        var clock = Stopwatch.StartNew();
        await using var a = AppInstance.Start("A", connectionString, redis.Address);
        await a.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));
        Console.WriteLine($"Instance A started and seeded the {appDb} database (Small profile) in {clock.Elapsed.TotalSeconds:F1} s at {a.Address}");
        var pool = await ScanPoolAsync(connectionString);
        using var httpA = a.Client();

        // ----- (b) scans/s: one instance, then two. -----
        await ScansAsync([httpA], pool, $"so-{run}-warmup", options.Warmups, options.Concurrency);
        var one = new List<double>();
        for (var r = 0; r < options.Runs; r++)
        {
            one.Add(await MeasureScansAsync([httpA], pool, $"so-{run}-one-{r}", options));
        }

        var oneRate = Stats.Median(one);
        Console.WriteLine($"(b) one instance: median {oneRate:F0} scans/s = {oneRate / ceiling:P0} of the ceiling");
        summary.Add(($"(b) POST /api/receipts scans/s, one instance, {options.Concurrency} in flight", $"{oneRate:F0} ({oneRate / ceiling:P0} of (a))"));

        clock.Restart();
        await using var b = AppInstance.Start("B", connectionString, redis.Address);
        await b.WaitUntilHealthyAsync(TimeSpan.FromMinutes(3));
        Console.WriteLine($"Instance B started in {clock.Elapsed.TotalSeconds:F1} s at {b.Address}");
        using var httpB = b.Client();
        await ScansAsync([httpB], pool, $"so-{run}-warmup-b", options.Warmups, options.Concurrency);
        var two = new List<double>();
        for (var r = 0; r < options.Runs; r++)
        {
            two.Add(await MeasureScansAsync([httpA, httpB], pool, $"so-{run}-two-{r}", options));
        }

        foreach (var instance in new[] { a, b })
        {
            if (instance.FirstError() is { } error)
            {
                Console.WriteLine($"    errors instance {instance.Name} logged:\n{error}");
            }
        }

        var twoRate = Stats.Median(two);
        Console.WriteLine($"(b) two instances: median {twoRate:F0} scans/s = {twoRate / ceiling:P0} of the ceiling, {twoRate / oneRate:F2}x one instance");
        summary.Add(($"(b) POST /api/receipts scans/s, two instances, {options.Concurrency} in flight over both", $"{twoRate:F0} ({twoRate / ceiling:P0} of (a), {twoRate / oneRate:F2}x one)"));

        // ----- (c) scan-to-screen latency: hub clients on B, scans on A; the same on A alone for reference. -----
        var across = await LatencyAsync(a, httpA, b, pool, $"so-{run}-lat-ab", options);
        summary.Add(($"(c) scan on A to {options.HubClients} hub clients on B: p50 / p95 / p99 ms", across));
        var same = await LatencyAsync(a, httpA, a, pool, $"so-{run}-lat-aa", options);
        summary.Add(($"    reference, scan on A to {options.HubClients} hub clients on A: p50 / p95 / p99 ms", same));

        // ----- The warehouse after it all. -----
        var report = await new WarehouseVerifier(new Contexts(connectionString), TimeProvider.System).VerifyAsync(CancellationToken.None);
        Console.WriteLine($"    verify after the benchmark: {report.Summary}");
        if (!report.IsClean)
        {
            report.WriteTo(Console.Out);
        }

        summary.Add(("verify after the benchmark (two instances wrote)", report.IsClean ? "clean" : "DRIFTS (see above)"));
        if (a.HasExited || b.HasExited)
        {
            Console.WriteLine("An instance ended early; its output:");
            Console.WriteLine(a.Output);
            Console.WriteLine(b.Output);
        }

        await a.DisposeAsync();
        await b.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await cluster.ExecuteAsync($"DROP DATABASE IF EXISTS {appDb} WITH (FORCE)");

        Console.WriteLine();
        Console.WriteLine($"Summary (medians of {options.Runs} runs where there are runs)");
        var width = summary.Max(s => s.What.Length);
        foreach (var (what, figure) in summary)
        {
            Console.WriteLine($"  {what.PadRight(width)}  {figure}");
        }
    }

    private static async Task<double> MeasureScansAsync(IReadOnlyList<HttpClient> instances, IReadOnlyList<string> pool, string prefix, ScaleOutOptions options)
    {
        var clock = Stopwatch.StartNew();
        var failures = await ScansAsync(instances, pool, prefix, options.Scans, options.Concurrency);
        var rate = options.Scans / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"    {prefix}: {options.Scans} scans over {instances.Count} instance(s) in {clock.Elapsed.TotalSeconds:F1} s = {rate:F0} scans/s ({failures} failed)");
        return rate;
    }

    /// <summary>Posts <paramref name="count"/> scans of one unit, <paramref name="concurrency"/> in flight, round-robin over the instances; returns the failures.</summary>
    private static async Task<int> ScansAsync(IReadOnlyList<HttpClient> instances, IReadOnlyList<string> pool, string prefix, int count, int concurrency)
    {
        var random = new Random(prefix.GetHashCode(StringComparison.Ordinal));
        var scans = Enumerable.Range(0, count).Select(i => (Id: $"{prefix}-{i}", Sku: pool[random.Next(pool.Count)], Instance: instances[i % instances.Count])).ToArray();
        var failures = 0;
        var firstFailure = "";
        await Parallel.ForEachAsync(scans, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (scan, ct) =>
        {
            using var response = await scan.Instance.PostAsJsonAsync("/api/receipts", new { scanId = scan.Id, sku = scan.Sku, qty = 1 }, ct);
            if (response.StatusCode != HttpStatusCode.OK && Interlocked.Increment(ref failures) == 1)
            {
                firstFailure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
            }
        });
        if (failures > 0)
        {
            Console.WriteLine($"    {failures} of {count} scans failed; the first: {firstFailure}");
        }

        return failures;
    }

    /// <summary>p50 / p95 / p99 from each POST on <paramref name="poster"/> to each listener's receipt of its event, or why there is none.</summary>
    private static async Task<string> LatencyAsync(AppInstance poster, HttpClient post, AppInstance listener, IReadOnlyList<string> pool, string prefix, ScaleOutOptions options)
    {
        var arrivals = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var connections = new List<HubConnection>();
        try
        {
            for (var i = 0; i < options.HubClients; i++)
            {
                var connection = new HubConnectionBuilder().WithUrl(new Uri(listener.Address, $"/hubs/warehouse?apiKey={AppInstance.Key}")).Build();
                connection.On<ReceiptScannedMessage>("ReceiptScanned", m => arrivals.GetOrAdd(m.ScanId, _ => []).Add(Stopwatch.GetTimestamp()));
                await connection.StartAsync();
                await connection.InvokeAsync("JoinAll");
                connections.Add(connection);
            }

            var where = $"scans on {poster.Name}, {options.HubClients} hub clients on {listener.Name}";
            var latencies = new List<double>();
            var missing = 0;
            var random = new Random(7);
            for (var i = 0; i < options.LatencyScans; i++)
            {
                var scanId = $"{prefix}-{i}";
                var sent = Stopwatch.GetTimestamp();
                using (var response = await post.PostAsJsonAsync("/api/receipts", new { scanId, sku = pool[random.Next(pool.Count)], qty = 1 }))
                {
                    response.EnsureSuccessStatusCode();
                }

                var waited = Stopwatch.StartNew();
                while ((!arrivals.TryGetValue(scanId, out var bag) || bag.Count < options.HubClients) && waited.Elapsed < TimeSpan.FromSeconds(i == 0 ? 5 : 2))
                {
                    await Task.Delay(1);
                }

                var received = arrivals.TryGetValue(scanId, out var times) ? times.ToArray() : [];
                if (i == 0 && received.Length == 0)
                {
                    var why = poster == listener
                        ? "no event arrived on the same instance - is the hub's forwarding broken?"
                        : "no event arrived - is the backplane configured? (BackorderDesk:Redis on both instances, and a build with the Redis backplane)";
                    Console.WriteLine($"(c) {where}: {why}");
                    return why;
                }

                missing += options.HubClients - received.Length;
                latencies.AddRange(received.Select(t => Stopwatch.GetElapsedTime(sent, t).TotalMilliseconds));
            }

            var figure = $"{Stats.Percentile(latencies, 50):F1} / {Stats.Percentile(latencies, 95):F1} / {Stats.Percentile(latencies, 99):F1}";
            Console.WriteLine($"(c) {where}, {options.LatencyScans} scans one at a time: {latencies.Count} deliveries, {missing} missing; p50 / p95 / p99 {figure} ms");
            return missing == 0 ? figure : $"{figure} ({missing} of {options.LatencyScans * options.HubClients} missing)";
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>The demo SKUs to scan: those with waiting lines first (their scans allocate), then the rest.</summary>
    private static async Task<List<string>> ScanPoolAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT \"Code\" FROM \"Skus\" ORDER BY (\"Backordered\" > 0) DESC, \"Id\" LIMIT 1000", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var codes = new List<string>();
        while (await reader.ReadAsync())
        {
            codes.Add(reader.GetString(0));
        }

        Console.WriteLine($"    scanning over {codes.Count} SKUs");
        return codes.Count > 0 ? codes : throw new InvalidOperationException("The database has no SKUs to scan.");
    }

    private static async Task<string> PgBenchAsync(PostgresCluster cluster, string database, IReadOnlyList<string> arguments)
    {
        var all = new List<string> { "-h", cluster.Host, "-p", cluster.Port.ToString(CultureInfo.InvariantCulture), "-U", cluster.User };
        all.AddRange(arguments);
        all.Add(database);
        var (exit, output) = await Tool.RunAsync(Path.Combine(PgBin, "pgbench"), all, asPostgres: false, cluster.Password);
        return exit == 0 ? output : throw new InvalidOperationException($"pgbench {string.Join(' ', arguments)} failed ({exit}):\n{output}");
    }

    private sealed class Contexts(string connectionString) : IDbContextFactory<WarehouseDbContext>
    {
        public WarehouseDbContext CreateDbContext() => DatabaseProvider.CreateContext(DatabaseProvider.Postgres, connectionString, waitSeconds: 30);
    }

    /// <summary>A PostgreSQL server: the benchmark's own throw-away cluster, or one given by its admin connection string.</summary>
    private sealed class PostgresCluster : IAsyncDisposable
    {
        private readonly NpgsqlConnectionStringBuilder _admin;
        private readonly string? _folder;

        private PostgresCluster(string admin, string? folder, string fsync)
        {
            _admin = new NpgsqlConnectionStringBuilder(admin);
            _folder = folder;
            Fsync = fsync;
        }

        public string Host => _admin.Host ?? "127.0.0.1";

        public int Port => _admin.Port;

        public string User => _admin.Username ?? "postgres";

        public string? Password => _admin.Password;

        public string Fsync { get; private set; }

        public string Describe => _folder is null ? $"given, {Host}:{Port}, fsync {Fsync}" : $"own cluster in {_folder}, {Host}:{Port}, fsync {Fsync}";

        public static PostgresCluster Existing(string admin) => new(admin, null, "as configured");

        /// <summary>initdb and pg_ctl start in a new temporary folder on a free port; fsync and synchronous_commit on (the defaults).</summary>
        public static async Task<PostgresCluster> StartAsync(string run)
        {
            var folder = Path.Combine(Path.GetTempPath(), $"bod-scaleout-pg-{run}");
            Directory.CreateDirectory(folder);
            if (Environment.UserName == "root")
            {
                await Tool.RunCheckedAsync("chown", ["postgres:", folder], asPostgres: false);
            }

            var port = FreePort();
            await Tool.RunCheckedAsync(Path.Combine(PgBin, "initdb"), ["-D", folder, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"], asPostgres: true);
            await Tool.RunCheckedAsync(Path.Combine(PgBin, "pg_ctl"), ["-D", folder, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start",
                "-o", $"-c listen_addresses=127.0.0.1 -p {port} -k {folder} -c max_connections=300 -c fsync=on -c synchronous_commit=on -c shared_buffers=256MB"], asPostgres: true);
            var cluster = new PostgresCluster($"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres", folder, "on");
            cluster.Fsync = await cluster.ScalarAsync("SHOW fsync") + ", synchronous_commit " + await cluster.ScalarAsync("SHOW synchronous_commit");
            return cluster;
        }

        public string ConnectionString(string database) =>
            new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = database, MaxPoolSize = 200 }.ToString();

        public async Task ExecuteAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }

        private async Task<string> ScalarAsync(string sql)
        {
            await using var connection = new NpgsqlConnection(_admin.ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            return (string)(await command.ExecuteScalarAsync())!;
        }

        public async ValueTask DisposeAsync()
        {
            if (_folder is null)
            {
                return;
            }

            NpgsqlConnection.ClearAllPools();
            await Tool.RunAsync(Path.Combine(PgBin, "pg_ctl"), ["-D", _folder, "-m", "fast", "-w", "stop"], asPostgres: true, password: null);
            Directory.Delete(_folder, recursive: true);
        }
    }

    /// <summary>A Redis for the backplane: given as host:port, the benchmark's own redis-server, or none.</summary>
    private sealed class RedisServer : IAsyncDisposable
    {
        private readonly Process? _process;

        private RedisServer(string? address, Process? process, string describe)
        {
            Address = address;
            _process = process;
            Describe = describe;
        }

        public string? Address { get; }

        public string Describe { get; }

        public static RedisServer Existing(string address) => new(address, null, $"given, {address}");

        public static async Task<RedisServer> StartAsync()
        {
            if (!File.Exists("/usr/bin/redis-server"))
            {
                return new RedisServer(null, null, "none (redis-server is not installed and --redis was not given): (c) across instances cannot work");
            }

            var port = FreePort();
            var process = Process.Start(new ProcessStartInfo("/usr/bin/redis-server", ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            })!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                try
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(IPAddress.Loopback, port);
                    return new RedisServer($"127.0.0.1:{port}", process, $"own redis-server on 127.0.0.1:{port}");
                }
                catch (SocketException)
                {
                    await Task.Delay(100);
                }
            }

            throw new InvalidOperationException($"redis-server did not listen on {port} within 10 s.");
        }

        public async ValueTask DisposeAsync()
        {
            if (_process is { HasExited: false })
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }

            _process?.Dispose();
        }
    }

    /// <summary>One app instance as its own process: the app's Release build output, on a free loopback port, on PostgreSQL.</summary>
    private sealed class AppInstance : IAsyncDisposable
    {
        public const string Key = "bench-scaleout-key";

        private readonly Process _process;
        private readonly StringBuilder _output = new();
        private bool _disposed;

        private AppInstance(string name, Process process, Uri address)
        {
            Name = name;
            _process = process;
            Address = address;
        }

        public string Name { get; }

        public Uri Address { get; }

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        public static AppInstance Start(string name, string connectionString, string? redis)
        {
            var dll = AppDll();
            var address = new Uri($"http://127.0.0.1:{FreePort()}");
            var info = new ProcessStartInfo(Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet")
            {
                WorkingDirectory = Path.GetDirectoryName(dll)!,
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            info.ArgumentList.Add(dll);
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add(address.ToString().TrimEnd('/'));
            foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
                || k.StartsWith("BackorderDesk__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                info.Environment.Remove(key);
            }

            var environment = new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["BackorderDesk__Database__Provider"] = DatabaseProvider.Postgres,
                ["ConnectionStrings__BackorderDesk"] = connectionString,
                ["BackorderDesk__SeedDemoData"] = "true",
                ["BackorderDesk__DemoProfile"] = "Small",
                ["BackorderDesk__ApiKeys__0__Name"] = "bench",
                ["BackorderDesk__ApiKeys__0__Key"] = Key,
                ["BackorderDesk__ApiKeys__0__Role"] = "Integration",
                ["BackorderDesk__RateLimits__KeyPerSecond"] = "1000000",
                ["BackorderDesk__RateLimits__UserPerMinute"] = "1000000",
                ["BackorderDesk__RateLimits__AnonymousPerMinute"] = "1000000",
                ["BackorderDesk__Mail__Enabled"] = "false",
                ["BackorderDesk__Planning__NightlyEnabled"] = "false",
                ["Logging__LogLevel__Default"] = "Warning",
            };
            if (redis is not null)
            {
                environment["BackorderDesk__Redis"] = redis;
            }

            foreach (var (key, value) in environment)
            {
                info.Environment[key] = value;
            }

            var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start instance {name}: {dll}");
            var instance = new AppInstance(name, process, address);
            process.OutputDataReceived += (_, e) => instance.Append(e.Data);
            process.ErrorDataReceived += (_, e) => instance.Append(e.Data);
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return instance;
        }

        public HttpClient Client()
        {
            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = 256 };
            var http = new HttpClient(handler) { BaseAddress = Address, Timeout = TimeSpan.FromMinutes(2) };
            http.DefaultRequestHeaders.Add("X-Api-Key", Key);
            return http;
        }

        public async Task WaitUntilHealthyAsync(TimeSpan timeout)
        {
            using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
            var waited = Stopwatch.StartNew();
            while (waited.Elapsed < timeout)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"Instance {Name} exited with {_process.ExitCode} before it was healthy:\n{Output}");
                }

                try
                {
                    using var response = await http.GetAsync("/healthz");
                    if (response.IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                catch (TaskCanceledException)
                {
                }

                await Task.Delay(200);
            }

            throw new TimeoutException($"Instance {Name} was not healthy within {timeout.TotalSeconds:0} s:\n{Output}");
        }

        /// <summary>The distinct errors the instance logged (first lines of exceptions, else the fail: entries; at most five), if any.</summary>
        public string? FirstError()
        {
            var lines = Output.Split('\n').Select(l => l.Trim()).ToList();
            var exceptions = lines.Where(l => l.Contains("Exception (0x", StringComparison.Ordinal) || l.Contains("Exception: ", StringComparison.Ordinal)).ToList();
            // Without a logged exception, each "fail:" line (the category) and the message under it.
            var failures = exceptions.Count > 0 ? exceptions
                : lines.Select((l, i) => l.Contains("] fail:", StringComparison.Ordinal) && i + 1 < lines.Count ? $"{l} {lines[i + 1]}" : null).OfType<string>().ToList();
            return failures.Count == 0 ? null : string.Join('\n', failures.Distinct().Take(5));
        }

        public bool HasExited => !_disposed && _process.HasExited;

        public async ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        private void Append(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (_output)
            {
                _output.AppendLine($"[{Name}] {line}");
                if (_output.Length > 100_000)
                {
                    _output.Remove(0, _output.Length - 100_000);
                }
            }
        }

        /// <summary>The app's own Release build output (built with this benchmark), found from the repository root.</summary>
        private static string AppDll()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Backorders.sln")))
                {
                    // …/bin/<Configuration>/net10.0/: the app's output of the same configuration.
                    var configuration = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))) ?? "Release";
                    var dll = Path.Combine(dir.FullName, "BackorderDesk", "bin", configuration, "net10.0", "BackorderDesk.dll");
                    return File.Exists(dll) ? dll : throw new InvalidOperationException($"{dll} is missing: build the benchmark (it builds the app) first.");
                }
            }

            throw new InvalidOperationException($"No Backorders.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The command-line tools the mode runs (PostgreSQL's), as the postgres user when the benchmark runs as root.</summary>
    private static class Tool
    {
        public static async Task RunCheckedAsync(string file, IReadOnlyList<string> arguments, bool asPostgres)
        {
            var (exit, output) = await RunAsync(file, arguments, asPostgres, password: null);
            if (exit != 0)
            {
                throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed ({exit}):\n{output}");
            }
        }

        public static async Task<(int Exit, string Output)> RunAsync(string file, IReadOnlyList<string> arguments, bool asPostgres, string? password)
        {
            var runAs = asPostgres && Environment.UserName == "root";
            var info = new ProcessStartInfo(runAs ? "runuser" : file)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            if (runAs)
            {
                foreach (var a in new[] { "-u", "postgres", "--", file })
                {
                    info.ArgumentList.Add(a);
                }
            }

            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }

            if (password is not null)
            {
                info.Environment["PGPASSWORD"] = password;
            }

            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return (process.ExitCode, await stdout + await stderr);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

internal sealed record ScaleOutOptions(string? Postgres, string? Redis, int Runs, int Scans, int Warmups, int Concurrency, int PgBenchSeconds, int HubClients, int LatencyScans)
{
    public static ScaleOutOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

        return new(
            Value("--pg"),
            Value("--redis"),
            Number("--runs", 3),
            Number("--scans", 2000),
            Number("--scan-warmups", 500),
            Number("--concurrency", 64),
            Number("--pgbench-seconds", 10),
            Number("--hub-clients", 50),
            Number("--latency-scans", 100));
    }
}
