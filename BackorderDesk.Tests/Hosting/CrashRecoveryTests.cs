using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Threading.Channels;
using BackorderDesk.Data;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// kill -9 in the middle of work: the built app runs as its own process on a SQLite file while
/// scanners, a webshop and an agent stream receipts, orders and line cancels at it; it is killed
/// with SIGKILL and started again on the same file (raise Kills to repeat). Whatever it acknowledged must
/// be there exactly once, a resend must not double anything, and <c>verify</c> must find the file
/// the crash left behind clean.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncDisposable
{
    private const string ApiKey = "crash-recovery-integration-key";
    private const string PurchaseOrder = "PO-CRASH";
    private static readonly string[] Skus = ["CRASH-A", "CRASH-B", "CRASH-C", "CRASH-D"];

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("bod-crash-");
    private readonly List<AppProcess> _processes = [];
    private readonly Work _work = new();
    private readonly List<string> _phases = [];

    private string DatabasePath => Path.Combine(_folder.FullName, "warehouse.db");

    [Fact]
    public async Task Acknowledged_scans_orders_and_cancels_survive_kill_9_exactly_once_and_verify_stays_clean()
    {
        var ct = TestContext.Current.CancellationToken;
        var clock = Stopwatch.StartNew();
        // A different kill point on every run, bounded, and printed so that a failing run can be repeated.
        var seed = Environment.TickCount;
        var random = new Random(seed);
        var phaseStart = TimeSpan.Zero;
        void Phase(string name)
        {
            _phases.Add($"{name} {(clock.Elapsed - phaseStart).TotalSeconds:0.0} s");
            phaseStart = clock.Elapsed;
        }

        try
        {
            var app = await StartAppAsync("app#1", ct);
            using (var api = Client(app))
            {
                await ArrangeAsync(api, ct);
            }

            Phase("started and arranged");
            const int Kills = 1;
            for (var round = 1; round <= Kills; round++)
            {
                await StreamThenKillAsync(app, round, killAfterScans: random.Next(20, 40), ct);
                Phase($"streamed and killed (kill {round})");
                // The file exactly as the crash left it, before a restart's start-up code (which
                // resyncs counters) could mend it.
                await AssertVerifyIsCleanAsync($"verify after kill {round}", ct);
                Phase("verify");

                app = await StartAppAsync($"app#{round + 1}", ct);
                Phase($"restarted (app#{round + 1})");
                await AssertAcknowledgedWorkIsThereOnceAsync(ct);
                using (var api = Client(app))
                {
                    await AssertResentScansChangeNothingAsync(api, round, ct);
                    await AssertUnansweredScansLandOnceWhenResentAsync(api, round, ct);
                }

                await AssertEveryScanInTheLedgerExactlyOnceAsync(_work.Scans.Keys, ct);
                Phase("checked and resent");
            }

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"seed {seed}: {Kills} kills mid-stream; {_work.AcknowledgedScans.Count} scans acknowledged of {_work.Scans.Count} sent, " +
                $"{_work.AcknowledgedOrders.Count} orders acknowledged of {_work.OrdersSent} sent, {_work.AcknowledgedCancels.Count} line cancels acknowledged; " +
                $"{clock.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", _phases)})");
        }
        catch
        {
            var output = TestContext.Current.TestOutputHelper;
            output?.WriteLine($"seed {seed}, failed after {clock.Elapsed.TotalSeconds:0.0} s ({string.Join(", ", _phases)})");
            foreach (var process in _processes)
            {
                output?.WriteLine($"--- {process.Name} (pid {process.Id}) ---");
                output?.WriteLine(process.Output);
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        SqliteConnection.ClearAllPools();
        _folder.Delete(recursive: true);
    }

    private Dictionary<string, string> AppEnvironment() => new()
    {
        // Production: what an operator runs; its appsettings ship no keys, so the one below is the only one.
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        [$"ConnectionStrings__{DataServices.ConnectionStringName}"] = $"Data Source={DatabasePath}",
        [$"{BackorderDeskOptions.Section}__SeedDemoData"] = "false",
        [$"{BackorderDeskOptions.Section}__Mail__PickupFolder"] = Path.Combine(_folder.FullName, "mail"),
        [$"{BackorderDeskOptions.Section}__ApiKeys__0__Name"] = "crash-recovery",
        [$"{BackorderDeskOptions.Section}__ApiKeys__0__Key"] = ApiKey,
        [$"{BackorderDeskOptions.Section}__ApiKeys__0__Role"] = ApiRoles.Integration,
    };

    private async Task<AppProcess> StartAppAsync(string name, CancellationToken ct)
    {
        var app = AppProcess.StartServer(name, AppEnvironment());
        _processes.Add(app);
        // Generous: a loaded 2-core machine takes seconds to start the app.
        await app.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60), ct);
        return app;
    }

    private async Task AssertVerifyIsCleanAsync(string name, CancellationToken ct)
    {
        var verify = await AppProcess.RunToEndAsync(name, ["verify"], AppEnvironment(), TimeSpan.FromSeconds(60), ct);
        _processes.Add(verify);
        Assert.True(verify.ExitCode == 0, $"{name} exited with {verify.ExitCode}:\n{verify.Output}");
        Assert.Contains("clean", verify.Output, StringComparison.Ordinal);
    }

    private static HttpClient Client(AppProcess app)
    {
        var client = new HttpClient { BaseAddress = app.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, ApiKey);
        return client;
    }

    /// <summary>A supplier, four backorderable SKUs, one open PO for all of them, and orders already waiting.</summary>
    private async Task ArrangeAsync(HttpClient api, CancellationToken ct)
    {
        await Created(api.PostAsJsonAsync("/api/suppliers", new { code = "CRASH-SUP", name = "Crash Test Supplies", leadTimeDays = 7 }, ct));
        foreach (var sku in Skus)
        {
            await Created(api.PostAsJsonAsync("/api/skus", new { sku, name = $"Item {sku}", barcodes = new[] { Barcode(sku) }, policy = "Backorderable", supplier = "CRASH-SUP" }, ct));
        }

        var expected = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(10).ToString("yyyy-MM-dd");
        await Created(api.PostAsJsonAsync(
            "/api/purchase-orders",
            new { number = PurchaseOrder, supplier = "CRASH-SUP", lines = Skus.Select(sku => new { sku, qty = 1_000_000, expectedDate = expected }) },
            ct));

        for (var i = 0; i < 8; i++)
        {
            var order = new OrderSent($"SO-CRASH-0-{i}", [(Skus[i % Skus.Length], 3), (Skus[(i + 1) % Skus.Length], 2)]);
            Interlocked.Increment(ref _work.OrdersSent);
            await Created(api.PostAsJsonAsync("/api/orders", order.Body, ct));
            _work.AcknowledgedOrders[order.Number] = order;
        }

        static async Task Created(Task<HttpResponseMessage> request)
        {
            using var response = await request;
            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>
    /// Two scanners, a webshop placing orders and an agent cancelling lines work at once until the
    /// scanners have <paramref name="killAfterScans"/> answers; then the app is killed mid-stream.
    /// Only requests answered 2xx count as acknowledged; those in flight may or may not have landed.
    /// </summary>
    private async Task StreamThenKillAsync(AppProcess app, int round, int killAfterScans, CancellationToken ct)
    {
        using var api = Client(app);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scansThisRound = 0;
        var toCancel = Channel.CreateUnbounded<OrderSent>();

        async Task ScannerAsync(int scanner)
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var sku = Skus[(scanner + i) % Skus.Length];
                var scan = new ReceiptRequest($"{ScanIdPrefix(round)}{scanner}-{i}", Barcode(sku), null, 1 + (i % 3), i % 2 == 0 ? PurchaseOrder : null);
                _work.Scans[scan.ScanId!] = scan;
                var answer = await SendAsync(() => api.PostAsJsonAsync("/api/receipts", scan, stop.Token));
                if (answer is null)
                {
                    return;
                }

                using (answer)
                {
                    if (answer.StatusCode != HttpStatusCode.OK)
                    {
                        _work.Refused.Add($"scan {scan.ScanId}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
                        continue;
                    }

                    var body = await ReadJsonAsync(answer, ct);
                    if (body is null)
                    {
                        return;
                    }

                    _work.AcknowledgedScans[scan.ScanId!] = body.Value.GetProperty("applied").GetBoolean();
                    if (Interlocked.Increment(ref scansThisRound) >= killAfterScans)
                    {
                        enough.TrySetResult();
                    }
                }
            }
        }

        async Task WebshopAsync()
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var order = new OrderSent($"SO-CRASH-{round}-{i}", [(Skus[i % Skus.Length], 1 + (i % 4)), (Skus[(i + 2) % Skus.Length], 2)]);
                Interlocked.Increment(ref _work.OrdersSent);
                var answer = await SendAsync(() => api.PostAsJsonAsync("/api/orders", order.Body, stop.Token));
                if (answer is null)
                {
                    return;
                }

                using (answer)
                {
                    if (answer.StatusCode != HttpStatusCode.Created)
                    {
                        _work.Refused.Add($"order {order.Number}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
                        continue;
                    }

                    _work.AcknowledgedOrders[order.Number] = order;
                    if (i % 2 == 0)
                    {
                        toCancel.Writer.TryWrite(order);
                    }
                }
            }
        }

        async Task AgentAsync()
        {
            try
            {
                await foreach (var order in toCancel.Reader.ReadAllAsync(stop.Token))
                {
                    var answer = await SendAsync(() => api.PostAsJsonAsync($"/api/orders/{order.Number}/lines/1/cancel", new { qty = (int?)null }, stop.Token));
                    if (answer is null)
                    {
                        return;
                    }

                    using (answer)
                    {
                        if (answer.StatusCode != HttpStatusCode.OK)
                        {
                            _work.Refused.Add($"cancel {order.Number} line 1: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
                            continue;
                        }

                        _work.AcknowledgedCancels[order.Number] = order;
                    }
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The app is gone; nothing more to cancel.
            }
        }

        var streams = new List<Task> { ScannerAsync(0), ScannerAsync(1), WebshopAsync(), AgentAsync() };
        var first = await Task.WhenAny(enough.Task, Task.WhenAll(streams), Task.Delay(TimeSpan.FromSeconds(60), ct));
        Assert.True(first == enough.Task, $"Round {round}: the streams stopped or stalled after {scansThisRound} of {killAfterScans} scans. {string.Join("; ", _work.Refused)}");

        await app.KillAsync();
        await stop.CancelAsync();
        await Task.WhenAll(streams);
        Assert.True(_work.Refused.IsEmpty, $"The live app refused work it should take: {string.Join("; ", _work.Refused)}");
    }

    /// <summary>A request's answer, or null when the app went away before answering (not acknowledged).</summary>
    private static async Task<HttpResponseMessage?> SendAsync(Func<Task<HttpResponseMessage>> request)
    {
        try
        {
            return await request();
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>The answer's body, or null when the connection died while it was being read (not acknowledged).</summary>
    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage answer, CancellationToken ct)
    {
        try
        {
            return await answer.Content.ReadFromJsonAsync<JsonElement>(ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private async Task AssertAcknowledgedWorkIsThereOnceAsync(CancellationToken ct)
    {
        Assert.All(_work.AcknowledgedScans, scan => Assert.True(scan.Value, $"Scan {scan.Key} was sent once, yet answered as a replay."));
        await AssertEveryScanInTheLedgerExactlyOnceAsync(_work.AcknowledgedScans.Keys, ct);

        await using var db = CreateDbContext();
        var lines = (await db.OrderLines.AsNoTracking()
                .Select(l => new { Order = l.Order.Number, l.LineNumber, Sku = l.Sku.Code, l.OrderedQty, l.CancelledQty })
                .ToListAsync(ct))
            .ToLookup(l => l.Order);
        foreach (var order in _work.AcknowledgedOrders.Values)
        {
            var stored = lines[order.Number].OrderBy(l => l.LineNumber).Select(l => (l.Sku, l.OrderedQty)).ToList();
            Assert.True(order.Lines.SequenceEqual(stored), $"Acknowledged order {order.Number} is stored as [{string.Join(", ", stored)}].");
        }

        foreach (var order in _work.AcknowledgedCancels.Values)
        {
            var line = lines[order.Number].Single(l => l.LineNumber == 1);
            Assert.True(line.CancelledQty == line.OrderedQty, $"The acknowledged cancel of {order.Number} line 1 is lost: {line.CancelledQty} of {line.OrderedQty} cancelled.");
        }
    }

    /// <summary>Each scan id has one scan record and one ledger row; any other scan id in the file was at least sent.</summary>
    private async Task AssertEveryScanInTheLedgerExactlyOnceAsync(IEnumerable<string> scanIds, CancellationToken ct)
    {
        await using var db = CreateDbContext();
        var records = await db.ReceiptScans.AsNoTracking()
            .GroupBy(r => r.ScanId)
            .Select(g => new { ScanId = g.Key, Count = g.Count(), Qty = g.Sum(r => r.Qty) })
            .ToDictionaryAsync(r => r.ScanId, ct);
        var ledger = await db.Ledger.AsNoTracking()
            .Where(m => m.ScanId != null)
            .GroupBy(m => m.ScanId!)
            .Select(g => new { ScanId = g.Key, Count = g.Count(), Qty = g.Sum(m => m.Qty) })
            .ToDictionaryAsync(m => m.ScanId, ct);

        foreach (var scanId in scanIds)
        {
            var qty = _work.Scans[scanId].Qty;
            Assert.True(records.TryGetValue(scanId, out var record) && record.Count == 1 && record.Qty == qty, $"Scan {scanId} has {record?.Count ?? 0} scan records (qty {record?.Qty}), expected 1 of {qty}.");
            Assert.True(ledger.TryGetValue(scanId, out var movement) && movement.Count == 1 && movement.Qty == qty, $"Scan {scanId} has {movement?.Count ?? 0} ledger rows (qty {movement?.Qty}), expected 1 of {qty}.");
        }

        // Unacknowledged scans may or may not have landed, but never twice, and nothing lands that was never sent.
        Assert.All(records.Values, r => Assert.True(r.Count == 1 && _work.Scans.ContainsKey(r.ScanId), $"Scan record {r.ScanId} x{r.Count}."));
        Assert.All(ledger.Values, m => Assert.True(m.Count == 1 && records.ContainsKey(m.ScanId), $"Ledger rows of scan {m.ScanId} x{m.Count}."));
    }

    /// <summary>A scanner that never saw its answer resends; an acknowledged one resent changes nothing.</summary>
    private async Task AssertResentScansChangeNothingAsync(HttpClient api, int round, CancellationToken ct)
    {
        var before = await OnHandAsync(ct);
        foreach (var scanId in _work.AcknowledgedScans.Keys.Where(id => id.StartsWith(ScanIdPrefix(round), StringComparison.Ordinal)))
        {
            using var answer = await api.PostAsJsonAsync("/api/receipts", _work.Scans[scanId], ct);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            Assert.True(answer.Headers.TryGetValues(ReceiptsEndpoints.ReplayHeader, out var replayed) && replayed.Single() == "true", $"Resent scan {scanId} is not marked as a replay.");
            Assert.False((await answer.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("applied").GetBoolean());
        }

        Assert.Equal(before, await OnHandAsync(ct));
    }

    private async Task AssertUnansweredScansLandOnceWhenResentAsync(HttpClient api, int round, CancellationToken ct)
    {
        foreach (var scan in _work.Scans.Values.Where(s => s.ScanId!.StartsWith(ScanIdPrefix(round), StringComparison.Ordinal) && !_work.AcknowledgedScans.ContainsKey(s.ScanId)))
        {
            using var answer = await api.PostAsJsonAsync("/api/receipts", scan, ct);
            Assert.True(answer.StatusCode == HttpStatusCode.OK, $"Resent unanswered scan {scan.ScanId}: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(ct)}");
        }
    }

    private async Task<Dictionary<string, int>> OnHandAsync(CancellationToken ct)
    {
        await using var db = CreateDbContext();
        return await db.Skus.AsNoTracking().ToDictionaryAsync(s => s.Code, s => s.OnHand, ct);
    }

    /// <summary>Reads the app's file directly (WAL: readers do not block the running app).</summary>
    private WarehouseDbContext CreateDbContext() =>
        DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, $"Data Source={DatabasePath};Pooling=False", waitSeconds: 30);

    private static string Barcode(string sku) => $"BAR-{sku}";

    private static string ScanIdPrefix(int round) => $"SCAN-{round}-";

    private sealed record OrderSent(string Number, IReadOnlyList<(string Sku, int Qty)> Lines)
    {
        public object Body => new
        {
            number = Number,
            customer = new { code = "CRASH-CUST", name = "Crash Test Customer", email = "crash@example.com", type = "Dtc" },
            shipPolicy = "ShipPartial",
            lines = Lines.Select(l => new { sku = l.Sku, qty = l.Qty }),
        };
    }

    /// <summary>Everything sent, and what the app acknowledged, across all runs of the app.</summary>
    private sealed class Work
    {
        public readonly ConcurrentDictionary<string, ReceiptRequest> Scans = new();

        /// <summary>Scan id → the answer's <c>applied</c>.</summary>
        public readonly ConcurrentDictionary<string, bool> AcknowledgedScans = new();

        public readonly ConcurrentDictionary<string, OrderSent> AcknowledgedOrders = new();

        public readonly ConcurrentDictionary<string, OrderSent> AcknowledgedCancels = new();

        public readonly ConcurrentBag<string> Refused = [];

        public int OrdersSent;
    }
}
