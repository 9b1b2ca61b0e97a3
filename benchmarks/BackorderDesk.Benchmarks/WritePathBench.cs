using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

using BackorderDesk.Features.Verify;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Benchmarks;

/// <summary>
/// The write path, measured in one run on one disk against what SQLite itself commits:
///   (w1) the raw ceiling: single-row insert + update transactions (WAL, synchronous=FULL);
///   (w2) receipt scans end to end through <c>POST /api/receipts</c>, N in flight, and their ratio to (w1);
///   (w3) <c>POST /api/orders</c> p50/p95 on SKUs with 0, 1,000 and 10,000 waiting lines;
///   (w4) one receipt that fills 10,000 waiting lines, and the latency of other SKUs' scans while it runs.
/// Managed memory per dashboard circuit (the issue's fifth figure) is DashboardBench's (d5): <c>--dashboard --circuits 50</c>.
/// </summary>
/// <remarks>
/// Only the HTTP API, the database file and the <c>verify</c> service are used, so the mode runs on any
/// version of the write path. The long queues are not placed through the API (placing on a long queue is
/// what is slow): one order per SKU is placed through the API as a template, the app is stopped, and the
/// template's rows (order, line, timeline, ETA history) are copied in the database file, column by column
/// as the file's own schema has them, with the SKU's backordered bucket and the client's warehouse counters
/// moved by the same amounts. <c>verify</c> then checks that the copies left the warehouse consistent.
/// </remarks>
internal static class WritePathBench
{
    private const string QueueSuffixZeros = "000000";

    public static async Task RunAsync(string[] args)
    {
        var options = WritePathOptions.Parse(args);
        var run = Guid.NewGuid().ToString("N")[..6].ToUpperInvariant();
        var database = Path.Combine(options.Folder, $"backorderdesk-writepath-{run}.db");
        Console.WriteLine($"Write path benchmark, run {run}");
        if (options.From is { } source)
        {
            // A copy, so that the source (e.g. the large profile's file other benchmarks share) is never written.
            foreach (var suffix in new[] { "", "-wal" }.Where(s => File.Exists(source + s)))
            {
                File.Copy(source + suffix, database + suffix);
            }

            Console.WriteLine($"Database: {database}, a copy of {source}; raw ceiling files in the same folder");
        }
        else
        {
            Console.WriteLine($"Database: {database}, new with the {options.Profile} demo profile; raw ceiling files in the same folder");
        }

        var waitingSku = $"WPB-{run}-Q0";
        var queueSkus = new List<(string Sku, int Lines)> { (waitingSku, 0), ($"WPB-{run}-Q1K", 1_000), ($"WPB-{run}-Q10K", options.Queue) };
        var receiptSkus = Enumerable.Range(1, options.Runs).Select(r => $"WPB-{run}-R{r}").ToList();
        var summary = new List<(string What, string Figure)>();

        // ----- Set-up: the demo warehouse, the benchmark's SKUs and one template order per queue. -----
        var clock = Stopwatch.StartNew();
        List<string> scanPool;
        await using (var host = new BenchHost(database, profile: options.Profile))
        {
            host.Start();
            Console.WriteLine($"App started and database ready in {clock.Elapsed.TotalSeconds:F1} s");
            using var http = Client(host);
            foreach (var sku in queueSkus.Select(q => q.Sku).Concat(receiptSkus))
            {
                await SendAsync(http, HttpMethod.Post, "/api/skus", new { sku, name = $"Write path benchmark {sku}", policy = "Backorderable" }, HttpStatusCode.Created);
            }

            foreach (var (sku, copies) in Templates())
            {
                await PlaceOrderAsync(http, TemplateNumber(sku), sku);
            }

            scanPool = ScanPool(database, run);
        }

        SqliteConnection.ClearAllPools();
        clock.Restart();
        var copied = CopyTemplates(database, Templates().ToList());
        Console.WriteLine($"Queues written straight into the file: {copied:N0} waiting order lines in {clock.Elapsed.TotalSeconds:F1} s");

        // ----- (w1) Raw ceiling, with the app stopped. -----
        var folder = Path.GetDirectoryName(Path.GetFullPath(database))!;
        var ceilings = Enumerable.Range(0, options.Runs).Select(_ => RawSqliteCeiling.Measure(folder, options.CeilingTransactions, withUpdate: true)).ToList();
        var ceiling = Stats.Median(ceilings);
        Console.WriteLine($"(w1) raw SQLite ceiling: median {ceiling:F0} transactions/s of one insert + one update (WAL, synchronous=FULL), " +
            $"{options.CeilingTransactions} transactions a run; runs {Join(ceilings, "F0")}");
        summary.Add(("(w1) raw SQLite insert+update transactions/s (WAL, FULL)", $"{ceiling:F0}"));

        clock.Restart();
        await using (var host = new BenchHost(database, profile: options.Profile))
        {
            host.Start();
            Console.WriteLine($"App restarted in {clock.Elapsed.TotalSeconds:F1} s at {host.Address}");
            using var http = Client(host);
            await VerifyAsync(host, "after the queues were written");
            foreach (var (sku, lines) in queueSkus.Where(q => q.Lines > 0).Concat(receiptSkus.Select(s => (s, options.Queue))))
            {
                var backordered = (await GetJsonAsync(http, $"/api/skus/{Uri.EscapeDataString(sku)}")).GetProperty("backordered").GetInt32();
                if (backordered != lines)
                {
                    throw new InvalidOperationException($"{sku} has {backordered} backordered units, expected {lines}.");
                }
            }

            // ----- (w2) Receipt scans end to end. -----
            var random = new Random(42);
            // Warm-up (JIT, connection pool, page cache) with the same shape as the measured runs.
            await Parallel.ForEachAsync(Enumerable.Range(0, options.ScanWarmups), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (i, _) =>
                await PostScanAsync(http, $"wpb-{run}-warmup-{i}", scanPool[i % scanPool.Count], 1));
            var rates = new List<double>();
            for (var r = 0; r < options.Runs; r++)
            {
                var scans = Enumerable.Range(0, options.Scans).Select(i => ($"wpb-{run}-a{r}-{i}", scanPool[random.Next(scanPool.Count)])).ToArray();
                var failures = 0;
                var runClock = Stopwatch.StartNew();
                await Parallel.ForEachAsync(scans, new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency }, async (scan, _) =>
                {
                    if ((await PostScanAsync(http, scan.Item1, scan.Item2, 1)).Status != HttpStatusCode.OK)
                    {
                        Interlocked.Increment(ref failures);
                    }
                });
                rates.Add(options.Scans / runClock.Elapsed.TotalSeconds);
                Console.WriteLine($"    run {r + 1}: {options.Scans} scans over {scanPool.Count} SKUs in {runClock.Elapsed.TotalSeconds:F1} s = {rates[^1]:F0} scans/s ({failures} failed)");
            }

            var scansPerSecond = Stats.Median(rates);
            Console.WriteLine($"(w2) POST /api/receipts, {options.Concurrency} in flight: median {scansPerSecond:F0} scans/s = {scansPerSecond / ceiling:P0} of the raw ceiling");
            summary.Add(($"(w2) POST /api/receipts scans/s, {options.Concurrency} in flight", $"{scansPerSecond:F0}"));
            summary.Add(("(w2) ratio to the raw ceiling (target >= 50%)", $"{scansPerSecond / ceiling:P0}"));

            // ----- (w3) Placing orders on a SKU with 0, 1,000 and 10,000 waiting lines. -----
            foreach (var (sku, lines) in queueSkus)
            {
                for (var i = 0; i < options.PlacementWarmups; i++)
                {
                    await PlaceOrderAsync(http, $"WPB-{run}-W-{sku}-{i}", sku);
                }

                var times = new List<double>();
                var budget = Stopwatch.StartNew();
                while (times.Count < options.Placements && (times.Count < 5 || budget.Elapsed.TotalSeconds < options.PlacementSeconds))
                {
                    var one = Stopwatch.StartNew();
                    await PlaceOrderAsync(http, $"WPB-{run}-P-{sku}-{times.Count}", sku);
                    times.Add(one.Elapsed.TotalMilliseconds);
                }

                Console.WriteLine($"(w3) POST /api/orders on a SKU with {lines:N0} waiting lines, {times.Count} orders one at a time " +
                    $"after {options.PlacementWarmups} warm-up: p50 {Stats.Percentile(times, 50):F1} ms, p95 {Stats.Percentile(times, 95):F1} ms, max {times.Max():F1} ms");
                summary.Add(($"(w3) POST /api/orders, {lines:N0} waiting lines: p50 / p95 ms (n={times.Count})", $"{Stats.Percentile(times, 50):F1} / {Stats.Percentile(times, 95):F1}"));
            }

            // ----- (w4) One receipt filling 10,000 waiting lines, other SKUs' scans streaming meanwhile. -----
            var receipts = new List<double>();
            var during = new List<double>();
            var before = new List<double>();
            for (var r = 0; r < receiptSkus.Count; r++)
            {
                var stream = new ScanStream(http, scanPool, $"wpb-{run}-s{r}", options.StreamInFlight);
                var streaming = stream.RunAsync();
                await Task.Delay(TimeSpan.FromSeconds(1));
                var start = Stopwatch.GetTimestamp();
                var (status, body) = await PostScanAsync(http, $"wpb-{run}-big-{r}", receiptSkus[r], options.Queue);
                var end = Stopwatch.GetTimestamp();
                await Task.Delay(TimeSpan.FromMilliseconds(500));
                await stream.StopAsync(streaming);
                if (status != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"The big receipt on {receiptSkus[r]} answered {(int)status}: {body}");
                }

                var allocated = JsonDocument.Parse(body).RootElement.GetProperty("allocations").GetArrayLength();
                var overlapping = stream.Completed.Where(s => s.Start < end && s.End > start).Select(s => s.Milliseconds).ToList();
                var quiet = stream.Completed.Where(s => s.End <= start).Select(s => s.Milliseconds).ToList();
                receipts.Add(Stopwatch.GetElapsedTime(start, end).TotalMilliseconds);
                during.AddRange(overlapping);
                before.AddRange(quiet);
                Console.WriteLine($"    run {r + 1}: {allocated:N0} lines allocated in {receipts[^1]:F0} ms; {overlapping.Count} other scans overlapped it " +
                    $"(p50 {Stats.Percentile(overlapping, 50):F0} ms, p99 {Stats.Percentile(overlapping, 99):F0} ms, max {(overlapping.Count > 0 ? overlapping.Max() : double.NaN):F0} ms); " +
                    $"{stream.Failures} stream scans failed");
            }

            Console.WriteLine($"(w4) one receipt filling {options.Queue:N0} waiting lines: median {Stats.Median(receipts):F0} ms over {receipts.Count} runs ({Join(receipts, "F0")} ms)");
            Console.WriteLine($"(w4) other SKUs' scans, {options.StreamInFlight} in flight, while it runs: p50 {Stats.Percentile(during, 50):F1} ms, p99 {Stats.Percentile(during, 99):F1} ms " +
                $"({during.Count} scans over all runs); in the second before it: p50 {Stats.Percentile(before, 50):F1} ms, p99 {Stats.Percentile(before, 99):F1} ms ({before.Count} scans)");
            summary.Add(($"(w4) one receipt filling {options.Queue:N0} lines, ms (target <= 500)", $"{Stats.Median(receipts):F0}"));
            summary.Add(("(w4) other scans meanwhile p50 / p99 ms (target p99 <= 100)", $"{Stats.Percentile(during, 50):F1} / {Stats.Percentile(during, 99):F1}"));
            summary.Add(("(w4) other scans in the quiet second before, p50 / p99 ms", $"{Stats.Percentile(before, 50):F1} / {Stats.Percentile(before, 99):F1}"));

            var clean = await VerifyAsync(host, "after the benchmark");
            summary.Add(("verify after the benchmark", clean ? "clean" : "DRIFTS (see above)"));
        }

        summary.Add(("(d5) managed memory per dashboard circuit, 50 circuits", "--dashboard --circuits 50"));
        SqliteConnection.ClearAllPools();
        if (options.Keep)
        {
            Console.WriteLine($"Database kept: {database}");
        }
        else
        {
            foreach (var file in new[] { database, database + "-wal", database + "-shm" })
            {
                File.Delete(file);
            }
        }
        Console.WriteLine();
        Console.WriteLine("Summary");
        var width = summary.Max(s => s.What.Length);
        foreach (var (what, figure) in summary)
        {
            Console.WriteLine($"  {what.PadRight(width)}  {figure}");
        }

        IEnumerable<(string Sku, int Copies)> Templates() =>
            queueSkus.Where(q => q.Lines > 0).Concat(receiptSkus.Select(s => (s, options.Queue))).Select(q => (q.Item1, q.Item2 - 1));
    }

    /// <summary>The template order of a queue: its number ends in six zeros, which its copies replace with their own index.</summary>
    private static string TemplateNumber(string sku) => $"{sku}-{QueueSuffixZeros}";

    private static HttpClient Client(BenchHost host)
    {
        var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchHost.Key);
        return http;
    }

    private static Task PlaceOrderAsync(HttpClient http, string number, string sku) =>
        SendAsync(http, HttpMethod.Post, "/api/orders", new
        {
            number,
            customer = new { code = "WPB-CUSTOMER", name = "Write path benchmark customer", type = "B2b" },
            channel = "bench",
            shipPolicy = "ShipPartial",
            lines = new[] { new { sku, qty = 1 } },
        }, HttpStatusCode.Created);

    private static async Task<(HttpStatusCode Status, string Body)> PostScanAsync(HttpClient http, string scanId, string sku, int qty)
    {
        using var response = await http.PostAsJsonAsync("/api/receipts", new { scanId, sku, qty });
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static async Task SendAsync(HttpClient http, HttpMethod method, string path, object body, HttpStatusCode expected)
    {
        using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}, expected {(int)expected}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static async Task<bool> VerifyAsync(BenchHost host, string when)
    {
        var clock = Stopwatch.StartNew();
        var report = await host.Services.GetRequiredService<WarehouseVerifier>().VerifyAsync(CancellationToken.None);
        Console.WriteLine($"    verify {when}: {report.Summary} ({clock.Elapsed.TotalSeconds:F1} s)");
        if (!report.IsClean)
        {
            report.WriteTo(Console.Out);
        }

        return report.IsClean;
    }

    /// <summary>The demo SKUs other scans go to: those with waiting lines first (their scans allocate), then the rest.</summary>
    private static List<string> ScanPool(string database, string run)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Code FROM Skus WHERE Code NOT LIKE $mine ORDER BY (Backordered > 0) DESC, Id LIMIT 1000";
        command.Parameters.AddWithValue("$mine", $"WPB-{run}-%");
        using var reader = command.ExecuteReader();
        var codes = new List<string>();
        while (reader.Read())
        {
            codes.Add(reader.GetString(0));
        }

        return codes.Count > 0 ? codes : throw new InvalidOperationException("The database has no SKUs to scan.");
    }

    /// <summary>
    /// Copies each template order (one waiting line of qty 1) <c>Copies</c> times in one transaction: the
    /// order row, its line, and the line's and order's history rows, every column as the template has it
    /// except keys, and text columns that carry the order number (number, search key) get the copy's number.
    /// Then the SKU's backordered bucket and the client's warehouse counters move by the waiting units and
    /// lines added. The app must be stopped.
    /// </summary>
    private static int CopyTemplates(string database, IReadOnlyList<(string Sku, int Copies)> templates)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        var orderCopy = CopyCommand(connection, transaction, "Orders", keyColumn: null, numberColumns: NumberColumns(connection, transaction, templates[0].Sku));
        var lineCopy = CopyCommand(connection, transaction, "OrderLines", keyColumn: ForeignKey(connection, "OrderLines", "Orders"), numberColumns: []);
        var orderChildren = new[] { "Timeline" }.Where(t => TableExists(connection, t))
            .Select(t => CopyCommand(connection, transaction, t, ForeignKey(connection, t, "Orders"), [])).ToList();
        var lineChildren = new[] { "EtaChanges", "Allocations" }.Where(t => TableExists(connection, t))
            .Select(t => CopyCommand(connection, transaction, t, ForeignKey(connection, t, "OrderLines"), [])).ToList();

        var total = 0;
        foreach (var (sku, copies) in templates)
        {
            var templateOrder = Scalar(connection, transaction, "SELECT Id FROM Orders WHERE Number = $p", TemplateNumber(sku));
            var templateLine = Scalar(connection, transaction, "SELECT Id FROM OrderLines WHERE OrderId = $p", templateOrder);
            var waiting = Scalar(connection, transaction, "SELECT OrderedQty - AllocatedQty - ShippedQty - CancelledQty FROM OrderLines WHERE Id = $p", templateLine);
            if (waiting != 1)
            {
                throw new InvalidOperationException($"The template order of {sku} should wait for 1 unit, not {waiting}.");
            }

            for (var i = 1; i <= copies; i++)
            {
                var suffix = i.ToString("D6", CultureInfo.InvariantCulture);
                var order = orderCopy.Run(templateOrder, null, suffix);
                var line = lineCopy.Run(templateLine, order, suffix);
                foreach (var child in orderChildren)
                {
                    child.RunAll(templateOrder, order);
                }

                foreach (var child in lineChildren)
                {
                    child.RunAll(templateLine, line);
                }
            }

            Execute(connection, transaction, "UPDATE Skus SET Backordered = Backordered + $n WHERE Code = $sku", ("$n", copies), ("$sku", sku));
            var counters = Execute(connection, transaction,
                "UPDATE WarehouseCounters SET OpenOrders = OpenOrders + $n, OpenOrdersWaiting = OpenOrdersWaiting + $n, WaitingLines = WaitingLines + $n, WaitingUnits = WaitingUnits + $n " +
                "WHERE ClientId = (SELECT ClientId FROM Orders WHERE Id = $order)",
                ("$n", copies), ("$order", templateOrder));
            if (counters != 1)
            {
                throw new InvalidOperationException($"No warehouse counters row for the client of {sku}.");
            }

            total += copies + 1;
        }

        transaction.Commit();
        return total;
    }

    /// <summary>The Orders text columns whose template value carries the order number (its trailing zeros).</summary>
    private static HashSet<string> NumberColumns(SqliteConnection connection, SqliteTransaction transaction, string sku)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT * FROM Orders WHERE Number = $p";
        command.Parameters.AddWithValue("$p", TemplateNumber(sku));
        using var reader = command.ExecuteReader();
        reader.Read();
        var columns = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < reader.FieldCount; i++)
        {
            if (!reader.IsDBNull(i) && reader.GetValue(i) is string text
                && text.EndsWith(QueueSuffixZeros, StringComparison.Ordinal)
                && text.Contains(sku.Split('-')[1], StringComparison.OrdinalIgnoreCase))
            {
                columns.Add(reader.GetName(i));
            }
        }

        return columns.Contains("Number") ? columns : throw new InvalidOperationException("The template order's number column was not found.");
    }

    private static RowCopy CopyCommand(SqliteConnection connection, SqliteTransaction transaction, string table, string? keyColumn, HashSet<string> numberColumns)
    {
        var columns = new List<string>();
        string? primaryKey = null;
        using (var info = connection.CreateCommand())
        {
            info.Transaction = transaction;
            info.CommandText = $"SELECT name, pk FROM pragma_table_info('{table}')";
            using var reader = info.ExecuteReader();
            while (reader.Read())
            {
                if (reader.GetInt32(1) == 1)
                {
                    primaryKey = reader.GetString(0);
                }
                else
                {
                    columns.Add(reader.GetString(0));
                }
            }
        }

        var values = columns.Select(c => c == keyColumn ? "$parent" : numberColumns.Contains(c) ? $"substr(\"{c}\", 1, length(\"{c}\") - 6) || $suffix" : $"\"{c}\"");
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        var match = $"\"{primaryKey ?? throw new InvalidOperationException($"{table} has no single-column primary key.")}\" = $template";
        command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", values)} FROM \"{table}\" WHERE {match}; SELECT last_insert_rowid();";
        var all = connection.CreateCommand();
        all.Transaction = transaction;
        all.CommandText = keyColumn is null ? "" : $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) SELECT {string.Join(", ", values)} FROM \"{table}\" WHERE \"{keyColumn}\" = $template";
        return new RowCopy(command, all);
    }

    /// <summary>Copies one row by its key (<see cref="Run"/>) or every row of one parent (<see cref="RunAll"/>) onto a new parent.</summary>
    private sealed class RowCopy(SqliteCommand one, SqliteCommand all)
    {
        public long Run(long template, long? parent, string suffix)
        {
            one.Parameters.Clear();
            one.Parameters.AddWithValue("$template", template);
            one.Parameters.AddWithValue("$parent", (object?)parent ?? DBNull.Value);
            one.Parameters.AddWithValue("$suffix", suffix);
            return (long)one.ExecuteScalar()!;
        }

        public void RunAll(long template, long parent)
        {
            all.Parameters.Clear();
            all.Parameters.AddWithValue("$template", template);
            all.Parameters.AddWithValue("$parent", parent);
            all.ExecuteNonQuery();
        }
    }

    private static string ForeignKey(SqliteConnection connection, string table, string principal)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT \"from\" FROM pragma_foreign_key_list('{table}') WHERE \"table\" = $principal";
        command.Parameters.AddWithValue("$principal", principal);
        return command.ExecuteScalar() as string ?? throw new InvalidOperationException($"{table} has no foreign key to {principal}.");
    }

    private static bool TableExists(SqliteConnection connection, string table)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
        command.Parameters.AddWithValue("$name", table);
        return (long)command.ExecuteScalar()! > 0;
    }

    private static long Scalar(SqliteConnection connection, SqliteTransaction transaction, string sql, object parameter)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$p", parameter);
        return Convert.ToInt64(command.ExecuteScalar() ?? throw new InvalidOperationException($"No row for {parameter}: {sql}"), CultureInfo.InvariantCulture);
    }

    private static int Execute(SqliteConnection connection, SqliteTransaction transaction, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    private static string Join(IEnumerable<double> values, string format) => string.Join(", ", values.Select(v => v.ToString(format, CultureInfo.InvariantCulture)));

    /// <summary>Qty-1 scans of random SKUs, a fixed number in flight, until stopped; each scan's start, end and latency.</summary>
    private sealed class ScanStream(HttpClient http, IReadOnlyList<string> skus, string prefix, int inFlight)
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<(long Start, long End, double Milliseconds)> _completed = [];
        private int _next;
        private int _failures;

        public IReadOnlyList<(long Start, long End, double Milliseconds)> Completed
        {
            get
            {
                lock (_completed)
                {
                    return [.. _completed];
                }
            }
        }

        public int Failures => _failures;

        public Task RunAsync() => Task.WhenAll(Enumerable.Range(0, inFlight).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!_stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref _next);
                var start = Stopwatch.GetTimestamp();
                var (status, _) = await PostScanAsync(http, $"{prefix}-{i}", skus[random.Next(skus.Count)], 1);
                var end = Stopwatch.GetTimestamp();
                if (status != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref _failures);
                    continue;
                }

                lock (_completed)
                {
                    _completed.Add((start, end, Stopwatch.GetElapsedTime(start, end).TotalMilliseconds));
                }
            }
        })));

        public async Task StopAsync(Task running)
        {
            await _stop.CancelAsync();
            await running;
            _stop.Dispose();
        }
    }
}

/// <summary>
/// What SQLite itself commits on this disk: a loop of transactions, each one single-row INSERT (and,
/// with <c>withUpdate</c>, one single-row UPDATE, as a scan writes a ledger row and moves a SKU's bucket),
/// WAL and synchronous=FULL, on a fresh file in the folder given, deleted afterwards.
/// </summary>
internal static class RawSqliteCeiling
{
    public static double Measure(string folder, int transactions, bool withUpdate)
    {
        var path = Path.Combine(folder, $"bench-raw-{Guid.NewGuid():N}.db");
        try
        {
            using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
            connection.Open();
            using (var setup = connection.CreateCommand())
            {
                setup.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; " +
                    "CREATE TABLE t(id INTEGER PRIMARY KEY, v INTEGER NOT NULL); CREATE TABLE c(id INTEGER PRIMARY KEY, n INTEGER NOT NULL); INSERT INTO c VALUES (1, 0);";
                setup.ExecuteNonQuery();
            }

            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO t(v) VALUES ($v)";
            var value = insert.Parameters.Add("$v", SqliteType.Integer);
            using var update = connection.CreateCommand();
            update.CommandText = "UPDATE c SET n = n + 1 WHERE id = 1";
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < transactions; i++)
            {
                using var transaction = connection.BeginTransaction();
                insert.Transaction = transaction;
                value.Value = i;
                insert.ExecuteNonQuery();
                if (withUpdate)
                {
                    update.Transaction = transaction;
                    update.ExecuteNonQuery();
                }

                transaction.Commit();
            }

            return transactions / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}

internal sealed record WritePathOptions(
    string Folder, string? From, string Profile, int Runs, int CeilingTransactions, int Scans, int ScanWarmups, int Concurrency,
    int Queue, int Placements, int PlacementWarmups, double PlacementSeconds, int StreamInFlight, bool Keep)
{
    public static WritePathOptions Parse(string[] args)
    {
        string? Value(string name)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
        }

        int Number(string name, int fallback) => Value(name) is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

        return new(
            Value("--folder") ?? Path.GetTempPath(),
            Value("--from"),
            Value("--profile") ?? "Small",
            Number("--runs", 3),
            Number("--ceiling-transactions", 3000),
            Number("--scans", 2000),
            Number("--scan-warmups", 200),
            Number("--concurrency", 64),
            Number("--queue", 10_000),
            Number("--placements", 50),
            Number("--placement-warmups", 3),
            Number("--placement-seconds", 60),
            Number("--stream-in-flight", 8),
            args.Contains("--keep"));
    }
}
