using System.Diagnostics;
using BackorderDesk.Features.Exports;
using BackorderDesk.Features.Stock;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Benchmarks;

// Export benchmark (--exports): the backorders and stock workbooks over HTTP on the large profile,
// each run timed to the last byte with the process's peak resident memory above the baseline taken
// just before it (sampled every 5 ms); median of N runs. Meanwhile a desk user keeps paging the
// stock grid (a page every half second), whose latency is reported. Then the stock workbook built in process through
// the app's writer (WorkbookWriter over RawSheetWriter) and through SpreadCheetah, alternating, from the same
// database rows: wall and CPU time, peak working set and bytes allocated above the baseline, medians of N runs each.
// Usage: dotnet run -c Release --project benchmarks/BackorderDesk.Benchmarks -- --exports --db COPY.db [--runs 3] [--skip-http]
//        ... --exports --db COPY.db --compare-writers [--runs 3]: only the writers on the database's stock rows.
//        ... --exports --writer-only [--rows 100000]: the two writers alone on synthetic stock rows.
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
        await using var host = new BenchHost(database);
        host.Start();
        if (args.Contains("--compare-writers"))
        {
            await CompareWritersAsync(host.Services, runs);
            return;
        }

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
        var exports = host.Services.GetRequiredService<Workbooks>();
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

        await CompareWritersAsync(host.Services, runs);
    }

    /// <summary>
    /// The 100,000-row stock workbook (no filter, the page's default sort) read from the database and written
    /// to a temporary file by each writer in turn, so both see the same machine load.
    /// </summary>
    private static async Task CompareWritersAsync(IServiceProvider services, int runs)
    {
        var factory = services.GetRequiredService<IDbContextFactory<BackorderDesk.Data.WarehouseDbContext>>();
        var writers = new (string Name, Func<Stream, WorkbookSheet, ExportAbout, Task<int>> Write)[]
        {
            ("WorkbookWriter (raw sheet writer)", (s, sheet, about) => WorkbookWriter.WriteAsync(s, sheet, about, CancellationToken.None)),
            ("SpreadCheetah 1.29.0", (s, sheet, about) => SpreadCheetahWorkbook.WriteAsync(s, sheet, about, CancellationToken.None)),
        };
        var results = writers.Select(_ => new List<(double Ms, double Cpu, double PeakMb, double AllocatedMb, long Bytes, int Rows)>()).ToArray();
        for (var r = 0; r < runs + 1; r++)
        {
            for (var w = 0; w < writers.Length; w++)
            {
                var rows = 0;
                var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
                var (elapsed, peak, bytes, _, cpu) = await MeasureWithCpuAsync(
                    async () =>
                    {
                        await using var db = await factory.CreateDbContextAsync();
                        var sheet = await StockWorkbook.SheetAsync(db, new StockQuery(), CancellationToken.None);
                        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bench-writer-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);
                        rows = await writers[w].Write(file, sheet, new ExportAbout("Stock", null, DateTime.UtcNow, [], StockWorkbook.Definitions));
                        if (r == 0)
                        {
                            file.Position = 0;
                            Console.WriteLine($"    {writers[w].Name}: {Check(file)}");
                        }

                        return file.Length;
                    },
                    null);
                var allocated = (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1024.0 / 1024.0;

                // Run 0 warms both writers up (JIT, EF's query cache) and is not counted.
                if (r > 0)
                {
                    results[w].Add((elapsed, cpu, peak, allocated, bytes, rows));
                    Console.WriteLine($"    {writers[w].Name} run {r}: {rows:N0} rows, {elapsed:F0} ms wall, {cpu:F0} ms CPU, peak working set +{peak:F0} MB, allocated {allocated:F0} MB, {bytes / 1024.0 / 1024.0:F1} MB file");
                }
            }
        }

        for (var w = 0; w < writers.Length; w++)
        {
            var x = results[w];
            Console.WriteLine($"(x) stock workbook, {x[0].Rows:N0} rows, {writers[w].Name}: median {Stats.Median(x.Select(v => v.Ms).ToList()):F0} ms wall, {Stats.Median(x.Select(v => v.Cpu).ToList()):F0} ms CPU, " +
                $"peak working set median +{Stats.Median(x.Select(v => v.PeakMb).ToList()):F0} MB, allocated median {Stats.Median(x.Select(v => v.AllocatedMb).ToList()):F0} MB, {x[0].Bytes / 1024.0 / 1024.0:F1} MB file ({x.Count} runs)");
        }
    }

    /// <summary>What ClosedXML reads back from the first data sheet: rows, frozen rows, autofilter, widest column.</summary>
    private static string Check(Stream file)
    {
        using var workbook = new ClosedXML.Excel.XLWorkbook(file);
        var ws = workbook.Worksheet(1);
        return $"{ws.LastRowUsed()!.RowNumber() - 1:N0} rows read back, frozen rows {ws.SheetView.SplitRow}, autofilter {(ws.AutoFilter.IsEnabled ? ws.AutoFilter.Range.RangeAddress.ToString() : "none")}, " +
            $"name column width {ws.Column(2).Width:F0}, header bold {ws.Cell(1, 1).Style.Font.Bold}, unit cost format {ws.Cell(2, 17).Style.NumberFormat.Format}";
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
        var about = new ExportAbout("Stock", null, DateTime.UtcNow, [], StockWorkbook.Definitions);
        for (var r = 0; r < 3; r++)
        {
            foreach (var spreadCheetah in new[] { false, true })
            {
                var (elapsed, peak, bytes, _, cpu) = await MeasureWithCpuAsync(
                    async () =>
                    {
                        await using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"bench-writer-{Guid.NewGuid():N}.xlsx"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 65536, FileOptions.DeleteOnClose);
                        var sheet = WorkbookSheet.From("Stock", StockWorkbook.Columns, rows);
                        await (spreadCheetah ? SpreadCheetahWorkbook.WriteAsync(file, sheet, about, CancellationToken.None) : WorkbookWriter.WriteAsync(file, sheet, about, CancellationToken.None));
                        return file.Length;
                    },
                    null);
                Console.WriteLine($"(w) {(spreadCheetah ? "SpreadCheetah" : "raw sheet writer")} alone, {count:N0} synthetic stock rows: {elapsed:F0} ms wall, {cpu:F0} ms CPU, peak {peak:F0} MB, {bytes / 1024.0 / 1024.0:F1} MB");
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

    private static string Value(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }
}
