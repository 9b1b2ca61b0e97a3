using System.Collections.Concurrent;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Scheduling;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Scheduling;

/// <summary>
/// The daily rules as the app runs them: a background service that wakes at 00:05 UTC on the app's
/// clock. The fake clock starts on Monday 2 Nov 2026, 09:00 UTC.
/// </summary>
public sealed class DailyRulesServiceTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Midnight_on_the_app_clock_releases_a_preorder_to_its_queue_fifo()
    {
        var log = new DailyRulesLog();
        await using var app = Host(log);
        var warehouse = Warehouse(app);

        // Started: the start-up run found nothing to do and the service waits for Tuesday 00:05.
        await log.NextWaitAsync();
        await warehouse.AddSkuAsync("PRE", SellingPolicy.Preorder, releaseDate: new DateOnly(2026, 11, 4));
        await warehouse.ReceiveAsync("PRE", 3);
        await warehouse.PlaceAsync("SO-1", "PRE", 2);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await warehouse.PlaceAsync("SO-2", "PRE", 2);

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 3, 0, 5, 0, TimeSpan.Zero));
        await log.NextWaitAsync();
        Assert.Empty(await warehouse.AllocationsAsync("PRE"));

        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 4, 0, 5, 0, TimeSpan.Zero));
        await log.NextWaitAsync();
        Assert.Equal(
            [("SO-1", 2, AllocationCause.PreorderRelease), ("SO-2", 1, AllocationCause.PreorderRelease)],
            await warehouse.AllocationsAsync("PRE"));
        Assert.Contains(log.Messages, m => m.StartsWith("The daily run of the daily rules released 1 preorder SKUs (2 lines allocated)", StringComparison.Ordinal));
        Assert.Contains("The next daily rules run is at 2026-11-05 00:05:00Z.", log.Messages);
    }

    [Fact]
    public async Task Midnight_on_the_app_clock_re_dates_a_line_whose_purchase_order_did_not_come()
    {
        var log = new DailyRulesLog();
        await using var app = Host(log);
        var warehouse = Warehouse(app);
        await log.NextWaitAsync();
        await warehouse.AddSkuAsync("TENT");
        await warehouse.AddPurchaseOrderAsync("PO-1", "TENT", 10, new DateOnly(2026, 11, 4));
        await warehouse.PlaceAsync("SO-1", "TENT", 3);
        Assert.Equal(new DateOnly(2026, 11, 5), (await warehouse.LineAsync("SO-1")).EtaFrom);

        // Friday 00:05, PO-1 two days overdue: the earliest shipment is Monday.
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 6, 0, 5, 0, TimeSpan.Zero));
        await log.NextWaitAsync();

        var line = await warehouse.LineAsync("SO-1");
        Assert.Equal((new DateOnly(2026, 11, 9), new DateOnly(2026, 11, 9)), (line.EtaFrom, line.EtaTo));
        var change = (await warehouse.EtaHistoryAsync("SO-1"))[^1];
        Assert.StartsWith(DailyRules.DatePassedReason, change.Reason, StringComparison.Ordinal);
        Assert.Equal(new DateTime(2026, 11, 6, 0, 5, 0, DateTimeKind.Utc), change.At);
    }

    [Fact]
    public async Task Two_instances_on_one_database_run_each_occasion_once()
    {
        await using var w = await WriterHarness.CreateAsync();
        var warehouse = new ClockedWarehouse(w.Database, w.Writer);
        await warehouse.AddSkuAsync("PRE", SellingPolicy.Preorder, releaseDate: new DateOnly(2026, 11, 3));
        await warehouse.ReceiveAsync("PRE", 2);
        await warehouse.PlaceAsync("SO-1", "PRE", 2);

        var instances = Enumerable.Range(0, 2).Select(_ =>
        {
            var log = new DailyRulesLog();
            var service = new DailyRulesService(new DailyRules(w.Database, w.Writer, w.Time, w.Options), new BackgroundLeases(w.Database, new AppInstance(), w.Time), w.Time, w.Options, log);
            return (Service: service, Log: log);
        }).ToList();
        foreach (var instance in instances)
        {
            await instance.Service.StartAsync(Ct);
        }

        // Both ran (or skipped) their start-up run and wait for Tuesday 00:05, when both wake.
        await Task.WhenAll(instances.Select(i => i.Log.NextWaitAsync()));
        w.Time.SetUtcNow(new DateTimeOffset(2026, 11, 3, 0, 5, 0, TimeSpan.Zero));
        await Task.WhenAll(instances.Select(i => i.Log.NextWaitAsync()));
        foreach (var instance in instances)
        {
            await instance.Service.StopAsync(Ct);
            instance.Service.Dispose();
        }

        var skipped = instances.SelectMany(i => i.Log.Messages).Where(m => m.StartsWith("Another app instance runs the daily rules", StringComparison.Ordinal)).ToList();
        Assert.Equal(["daily", "start-up"], skipped.Select(m => m.Contains("start-up", StringComparison.Ordinal) ? "start-up" : "daily").Order());
        Assert.Single(instances, i => i.Log.Messages.Any(m => m.StartsWith("The daily run of the daily rules released 1 preorder SKUs", StringComparison.Ordinal)));
        Assert.Equal([("SO-1", 2, AllocationCause.PreorderRelease)], await warehouse.AllocationsAsync("PRE"));
        await using var db = w.Database.CreateDbContext();
        Assert.Equal(1, await db.Leases.CountAsync(l => l.Name == BackgroundLeases.DailyRules, Ct));
    }

    private static DeskTestHost Host(DailyRulesLog log) => new()
    {
        Time = new FakeTimeProvider(Monday),
        Settings = { [$"Logging:LogLevel:{typeof(DailyRulesService).FullName}"] = "Debug" },
        TestServices = services => services.AddSingleton<ILoggerProvider>(log),
    };

    private static ClockedWarehouse Warehouse(DeskTestHost app) =>
        new(app.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>(), app.Services.GetRequiredService<WarehouseWriter>());

    /// <summary>
    /// The service's log. A background service runs on its own thread: before the clock moves, a test
    /// waits until the service said it waits for its next run (each "next run" line is consumed once).
    /// </summary>
    private sealed class DailyRulesLog : ILogger<DailyRulesService>, ILoggerProvider
    {
        private readonly SemaphoreSlim _waits = new(0);

        public ConcurrentQueue<string> Messages { get; } = new();

        public async Task NextWaitAsync()
        {
            if (!await _waits.WaitAsync(TimeSpan.FromSeconds(30), Ct))
            {
                throw new TimeoutException($"The daily rules service never said it waits for its next run. Its log: {string.Join(" | ", Messages)}");
            }
        }

        public ILogger CreateLogger(string categoryName) =>
            categoryName == typeof(DailyRulesService).FullName ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            Messages.Enqueue(message + (exception is null ? "" : $" {exception}"));
            if (message.StartsWith("The next daily rules run is at", StringComparison.Ordinal))
            {
                _waits.Release();
            }
        }

        public void Dispose()
        {
        }
    }
}
