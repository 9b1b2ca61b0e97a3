using System.Diagnostics;
using BackorderDesk.Data;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.Receiving;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Benchmarks;

/// <summary>
/// <c>--mode recompute</c>: the nightly planning recompute over every SKU of the database, timed per
/// phase (GROUP BY reads, batched writes through the writer), with the process's peak working set
/// and managed heap above the baseline, while one receipt scan after another goes through the same
/// writer to show how long other writers wait.
/// </summary>
internal static class RecomputeBench
{
    public static async Task RunAsync(BenchHost host, int runs)
    {
        var services = host.Services;
        var recompute = services.GetRequiredService<RecomputePlanning>();
        var receive = services.GetRequiredService<ReceiveScan>();
        var skus = await FirstSkusAsync(services);
        var tag = Guid.NewGuid().ToString("N")[..8];

        var idle = await ProbeAsync(receive, skus, $"idle-{tag}", until: null, count: 200);
        Console.WriteLine($"Receipt scans with nothing else running: {Describe(idle)}");

        for (var run = 1; run <= runs; run++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            using var process = Process.GetCurrentProcess();
            process.Refresh();
            var baselineWorkingSet = process.WorkingSet64;
            var baselineHeap = GC.GetTotalMemory(forceFullCollection: false);
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: false);

            using var sampling = new CancellationTokenSource();
            var peak = SampleAsync(sampling.Token);
            var clock = Stopwatch.StartNew();
            var readDone = TimeSpan.Zero;
            var progress = new Inline(p =>
            {
                if (readDone == TimeSpan.Zero && p.Stage.StartsWith("Writing", StringComparison.Ordinal))
                {
                    readDone = clock.Elapsed;
                }
            });
            var recomputing = recompute.HandleAsync(null, progress, CancellationToken.None);
            var during = await ProbeAsync(receive, skus, $"during-{run}-{tag}", recomputing, count: int.MaxValue);
            var result = await recomputing;
            clock.Stop();
            await sampling.CancelAsync();
            var (peakWorkingSet, peakHeap) = await peak;

            Console.WriteLine(
                $"Recompute run {run}: {result.Skus:N0} SKUs in {result.Elapsed.TotalSeconds:F1} s " +
                $"(reads {readDone.TotalSeconds:F1} s, writes {(result.Elapsed - readDone).TotalSeconds:F1} s in batches of {RecomputePlanning.BatchSize:N0}); {result.NewAlerts:N0} new alerts");
            Console.WriteLine(
                $"    peak working set {Mb(peakWorkingSet)} MB ({Mb(peakWorkingSet - baselineWorkingSet)} MB above the {Mb(baselineWorkingSet)} MB before), " +
                $"peak managed heap {Mb(peakHeap)} MB ({Mb(peakHeap - baselineHeap)} MB above), {Mb(GC.GetTotalAllocatedBytes(precise: false) - allocatedBefore)} MB allocated");
            Console.WriteLine($"    receipt scans meanwhile, one after another through the same writer: {Describe(during)}");
        }
    }

    private static async Task<List<string>> FirstSkusAsync(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>();
        await using var db = await factory.CreateDbContextAsync();
        return await db.Skus.OrderBy(s => s.Id).Select(s => s.Code).Take(200).ToListAsync();
    }

    /// <summary>Sequential 1-unit receipt scans until <paramref name="until"/> completes (or <paramref name="count"/> scans); their latencies in ms.</summary>
    private static async Task<List<double>> ProbeAsync(ReceiveScan receive, List<string> skus, string prefix, Task? until, int count)
    {
        var latencies = new List<double>();
        for (var i = 0; i < count && until?.IsCompleted != true; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await receive.HandleAsync(new ReceiptRequest($"{prefix}-{i}", null, skus[i % skus.Count], 1, null), CancellationToken.None);
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        return latencies;
    }

    private static async Task<(long WorkingSet, long Heap)> SampleAsync(CancellationToken stop)
    {
        long workingSet = 0, heap = 0;
        using var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            workingSet = Math.Max(workingSet, process.WorkingSet64);
            heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
            try
            {
                await Task.Delay(20, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return (workingSet, heap);
    }

    private static string Describe(List<double> latencies) => latencies.Count == 0
        ? "none completed"
        : $"{latencies.Count} scans, p50 {Stats.Percentile(latencies, 50):F1} ms, p99 {Stats.Percentile(latencies, 99):F1} ms, max {latencies.Max():F1} ms";

    private static long Mb(long bytes) => bytes / (1024 * 1024);

    private sealed class Inline(Action<RecomputeProgress> report) : IProgress<RecomputeProgress>
    {
        public void Report(RecomputeProgress value) => report(value);
    }
}
