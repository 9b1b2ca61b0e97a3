using System.Diagnostics;
using BackorderDesk.Features.Exports;
using BackorderDesk.Features.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Benchmarks;

// Export benchmark (--exports): the backorders and stock workbooks over HTTP on the large profile,
// each run timed to the last byte with the process's peak resident memory above the baseline taken
// just before it (sampled every 5 ms); median of N runs. Meanwhile a desk user keeps paging the
// stock grid (a page every half second), whose latency is reported. Then the same stock rows through ClosedXML in memory, to
// justify streaming the large exports.
// Usage: dotnet run -c Release --project benchmarks/BackorderDesk.Benchmarks -- --exports --db COPY.db [--runs 3] [--closedxml-rows 100000]
internal static class ExportBench
{
    public static async Task RunAsync(string database, string[] args)
    {
        if (args.Contains("--writer-only"))
        {
            await WriterOnlyAsync(int.Parse(Value(args, "--rows", "100000")));
            return;
        }

        var runs = int.Parse(Value(args, "--runs", "3"));
        var closedXmlRows = int.Parse(Value(args, "--closedxml-rows", "100000"));
        await using var host = new BenchHost(database);
        host.Start();
        using var http = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromMinutes(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", BenchHost.Key);

        // Warm-up: JIT, EF model, connection pool.
        await DownloadAsync(http, "/api/exports/stock.xlsx?client=NONE-WARMUP", expectFailure: true);
        await DownloadAsync(http, "/api/exports/suppliers.xlsx");

        foreach (var name in args.Contains("--skip-http") ? [] : new[] { "backorders", "stock" })
        {
            var times = new List<double>();
            var peaks = new List<double>();
            var grid = new List<double>();
            long bytes = 0;
            for (var r = 0; r < runs; r++)
            {
                var (elapsed, peak, size, gridLatencies) = await MeasureAsync(() => DownloadAsync(http, $"/api/exports/{name}.xlsx"), host.Services);
                times.Add(elapsed);
                peaks.Add(peak);
                grid.AddRange(gridLatencies);
                bytes = size;
                Console.WriteLine($"    {name} run {r + 1}: {elapsed:F0} ms, peak {peak:F0} MB above baseline, {size / 1024.0 / 1024.0:F1} MB file");
            }

            var rows = await CountRowsAsync(http, name);
            Console.WriteLine($"(e) {name}.xlsx, {rows:N0} rows, {bytes / 1024.0 / 1024.0:F1} MB: median {Stats.Median(times):F0} ms, peak memory median {Stats.Median(peaks):F0} MB above baseline; " +
                $"stock grid pages meanwhile: {grid.Count} loads, p50 {Stats.Percentile(grid, 50):F0} ms, max {grid.DefaultIfEmpty().Max():F0} ms");
        }

        // The same workbooks built in process (no HTTP, nobody else in the app), with the CPU time they took:
        // on a shared machine the wall time depends on what else runs, the CPU time much less.
        var exports = host.Services.GetRequiredService<WorkbookExports>();
        foreach (var name in new[] { "backorders", "stock" })
        {
            var times = new List<double>();
            var cpus = new List<double>();
            var peaks = new List<double>();
            for (var r = 0; r < runs; r++)
            {
                var (elapsed, peak, _, _, cpu) = await MeasureWithCpuAsync(
                    async () =>
                    {
                        var file = await exports.BuildAsync(name, "", CancellationToken.None);
                        await using (file.Content)
                        {
                            return file.Content.Length;
                        }
                    },
                    null);
                times.Add(elapsed);
                cpus.Add(cpu);
                peaks.Add(peak);
            }

            Console.WriteLine($"(e) {name} built in process: median {Stats.Median(times):F0} ms wall, {Stats.Median(cpus):F0} ms CPU, peak {Stats.Median(peaks):F0} MB above baseline (runs: {string.Join(", ", times.Select(t => t.ToString("F0")))} ms)");
        }

        if (args.Contains("--phases"))
        {
            var factory = host.Services.GetRequiredService<IDbContextFactory<BackorderDesk.Data.WarehouseDbContext>>();
            for (var r = 0; r < runs; r++)
            {
                var (ms, _, n, _, cpu) = await MeasureWithCpuAsync(
                    async () =>
                    {
                        await using var db = await factory.CreateDbContextAsync();
                        var filtered = BackorderDesk.Features.Backorders.ListBackorders.Apply(BackorderDesk.Features.Backorders.ListBackorders.Waiting(db), new(), DateTime.UtcNow);
                        long count = 0;
                        await foreach (var row in BackorderDesk.Features.Backorders.ListBackorders.Sort(filtered, BackorderDesk.Features.Backorders.BackorderSort.Age, true)
                            .Select(l => new { l.Order.Number, l.LineNumber, l.Order.Customer.Name, Client = l.Order.Client.Code, Sku = l.Sku.Code, SkuName = l.Sku.Name, l.EtaTo })
                            .AsAsyncEnumerable())
                        {
                            count++;
                        }

                        return count;
                    },
                    null);
                Console.WriteLine($"(p) backorder rows read alone: {n:N0} rows, {ms:F0} ms wall, {cpu:F0} ms CPU");
            }
        }

        if (args.Contains("--skip-closedxml"))
        {
            return;
        }

        // ClosedXML with the same stock rows (typed cells, formats, widths, filter, frozen row), in memory.
        var stockRows = await StockRowsAsync(host.Services, closedXmlRows);
        var (closedTime, closedPeak, closedSize, _, closedCpu) = await MeasureWithCpuAsync(
            async () =>
            {
                using var output = new MemoryStream();
                ClosedXmlWorkbook.Write(output, [new ExportSheet("Stock", StockExport.Columns, stockRows)], new ExportAbout("Stock", null, DateTime.UtcNow, [], ColumnDefinitions.Stock));
                return output.Length;
            },
            null);
        Console.WriteLine($"(e) the same {stockRows.Count:N0} stock rows through ClosedXML 0.95.4 (rows already in memory): {closedTime:F0} ms wall, {closedCpu:F0} ms CPU, peak {closedPeak:F0} MB above baseline, {closedSize / 1024.0 / 1024.0:F1} MB file");
    }

    private static async Task<(double Ms, double PeakMb, long Bytes, List<double> Grid)> MeasureAsync(Func<Task<long>> action, IServiceProvider? services)
    {
        var (ms, peak, bytes, grid, _) = await MeasureWithCpuAsync(action, services);
        return (ms, peak, bytes, grid);
    }

    /// <summary>Wall time, peak resident memory above the baseline, and the process's CPU time (all threads) meanwhile.</summary>
    private static async Task<(double Ms, double PeakMb, long Bytes, List<double> Grid, double CpuMs)> MeasureWithCpuAsync(Func<Task<long>> action, IServiceProvider? services)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(5);
            }
        });
        var grid = new List<double>();
        var desk = services is null ? Task.CompletedTask : Task.Run(async () =>
        {
            var stock = services.GetRequiredService<ListStock>();
            var page = 0;
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.StartNew();
                await stock.HandleAsync(new StockQuery { Page = page++ % 50, Sort = StockSort.Available }, CancellationToken.None);
                grid.Add(started.Elapsed.TotalMilliseconds);
                await Task.Delay(500);
            }
        });

        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var bytes = await action();
        clock.Stop();
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        await stop.CancelAsync();
        await sampler;
        await desk;
        process.Refresh();
        return (clock.Elapsed.TotalMilliseconds, (Math.Max(peak, process.WorkingSet64) - baseline) / 1024.0 / 1024.0, bytes, grid, cpu);
    }

    /// <summary>The streaming writer alone, on synthetic rows shaped like the stock export's.</summary>
    private static async Task WriterOnlyAsync(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i => new object?[]
        {
            $"SKU-{i:D6}", $"Item number {i} with a name", "CLIENT-01", "Backorderable", "SUP-001", i % 500, i % 70, i % 430, i % 90,
            (DateOnly?)new DateOnly(2026, 12, 1).AddDays(i % 60), i % 13, i % 40, i % 12, i % 7 == 0, (i % 430) + (i % 90) - (i % 13), i % 3 == 0, 12.5m + (i % 100),
        }).ToList();
        foreach (var openXml in new[] { true, false })
        {
        for (var r = 0; r < 3; r++)
        {
            var (elapsed, peak, bytes, _, cpu) = await MeasureWithCpuAsync(
                async () =>
                {
                    await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bench-writer-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);
                    await StreamingWorkbook.WriteAsync(file, "Stock", StockExport.Columns, rows.ToAsyncEnumerable(), new ExportAbout("Stock", null, DateTime.UtcNow, [], ColumnDefinitions.Stock), CancellationToken.None, openXml);
                    return file.Length;
                },
                null);
            Console.WriteLine($"(w) {(openXml ? "OpenXmlWriter" : "raw sheet writer")} alone, {count:N0} synthetic stock rows: {elapsed:F0} ms wall, {cpu:F0} ms CPU, peak {peak:F0} MB, {bytes / 1024.0 / 1024.0:F1} MB");
        }
        }
    }

    private static async Task<long> DownloadAsync(HttpClient http, string url, bool expectFailure = false)
    {
        using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        if (!expectFailure)
        {
            response.EnsureSuccessStatusCode();
        }

        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        return total;
    }

    private static async Task<int> CountRowsAsync(HttpClient http, string name)
    {
        var bytes = await http.GetByteArrayAsync($"/api/exports/{name}.xlsx");
        using var workbook = new ClosedXML.Excel.XLWorkbook(new MemoryStream(bytes));
        return workbook.Worksheet(1).LastRowUsed()!.RowNumber() - 1;
    }

    private static async Task<List<object?[]>> StockRowsAsync(IServiceProvider services, int count)
    {
        var stock = services.GetRequiredService<ListStock>();
        var rows = new List<object?[]>(count);
        for (var page = 0; rows.Count < count; page++)
        {
            var list = await stock.HandleAsync(new StockQuery { Page = page, PageSize = StockQuery.MaxPageSize }, CancellationToken.None);
            if (list.Rows.Count == 0)
            {
                break;
            }

            rows.AddRange(list.Rows.Take(count - rows.Count).Select(s => new object?[]
            {
                s.Sku, s.Name, s.Client, s.Policy.ToString(), null, s.OnHand, s.Allocated, s.Available, s.OnOrder, s.NextExpected,
                s.Backordered, s.ReorderPoint, 0, false, s.InventoryPosition, s.BelowReorderPoint, 1.5m,
            }));
        }

        return rows;
    }

    private static string Value(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
