using BackorderDesk.Data;
using BackorderDesk.Features.Planning;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class NightlyPlanningTests : IAsyncLifetime
{
    private WriterHarness _w = null!;

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync(); // Monday 2 Nov 2026, 09:00 UTC
        await using var db = _w.Database.CreateDbContext();
        await PlanningDataSet.SeedAsync(db, new DateOnly(2026, 11, 2));
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    [Theory]
    [InlineData("2026-11-02T09:00:00Z", "10:00", "2026-11-02T10:00:00Z")]
    [InlineData("2026-11-02T10:00:00Z", "10:00", "2026-11-03T10:00:00Z")]
    [InlineData("2026-11-02T23:30:00Z", "02:00", "2026-11-03T02:00:00Z")]
    [InlineData("2026-11-02T01:59:59Z", "02:00", "2026-11-02T02:00:00Z")]
    public void Next_run_is_the_next_time_of_day_in_utc(string now, string at, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), NightlyPlanning.NextRun(DateTimeOffset.Parse(now), TimeOnly.Parse(at)));

    [Fact]
    public async Task The_nightly_service_recomputes_at_the_configured_time_and_not_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var runs = new PlanningRuns(new RecomputePlanning(_w.Database, _w.Writer, _w.Time, NullLogger<RecomputePlanning>.Instance), NullLogger<PlanningRuns>.Instance);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        runs.Changed += () =>
        {
            if (runs.LastResult is not null && !runs.IsRunning)
            {
                finished.TrySetResult();
            }
        };
        var options = new BackorderDeskOptions { Planning = { NightlyAt = new TimeOnly(10, 0) } };
        var log = new RecordingLogger<NightlyPlanning>();
        using var service = new NightlyPlanning(runs, new BackgroundLeases(_w.Database, new AppInstance(), _w.Time), _w.Time, new FixedOptions(options), log);
        await service.StartAsync(ct);

        // A background service starts on its own thread: it must be waiting for 10:00 before the clock moves.
        await log.Waiting.WaitAsync(TimeSpan.FromSeconds(30), ct);

        _w.Time.Advance(TimeSpan.FromMinutes(59)); // 09:59
        Assert.Null(runs.LastResult);
        Assert.Equal(0, await ComputedReorderPointAsync("HOT"));

        _w.Time.Advance(TimeSpan.FromMinutes(1)); // 10:00
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);

        Assert.Equal(4, runs.LastResult!.Skus);
        Assert.Equal(new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc), runs.LastResult.ComputedAt);
        Assert.Equal(44, await ComputedReorderPointAsync("HOT"));
        await service.StopAsync(ct);
    }

    [Fact]
    public async Task Two_instances_on_one_database_run_the_nightly_recompute_once()
    {
        var ct = TestContext.Current.CancellationToken;
        var options = new FixedOptions(new BackorderDeskOptions { Planning = { NightlyAt = new TimeOnly(10, 0) } });
        var instances = Enumerable.Range(0, 2).Select(_ =>
        {
            var runs = new PlanningRuns(new RecomputePlanning(_w.Database, _w.Writer, _w.Time, NullLogger<RecomputePlanning>.Instance), NullLogger<PlanningRuns>.Instance);
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            runs.Changed += () =>
            {
                if (runs.LastResult is not null && !runs.IsRunning)
                {
                    finished.TrySetResult();
                }
            };
            var log = new RecordingLogger<NightlyPlanning>();
            var service = new NightlyPlanning(runs, new BackgroundLeases(_w.Database, new AppInstance(), _w.Time), _w.Time, options, log);
            return (Runs: runs, Finished: finished.Task, Skipped: log.Skipped, Service: service, Log: log);
        }).ToList();
        foreach (var instance in instances)
        {
            await instance.Service.StartAsync(ct);
        }

        // A background service starts on its own thread: both must be waiting for 10:00 before the clock gets there.
        await Task.WhenAll(instances.Select(i => i.Log.Waiting)).WaitAsync(TimeSpan.FromSeconds(30), ct);
        _w.Time.Advance(TimeSpan.FromHours(1)); // 10:00: both wake
        var skipped = await Task.WhenAny(instances.Select(i => i.Skipped)).WaitAsync(TimeSpan.FromSeconds(30), ct);
        var ran = instances.Single(i => i.Skipped != skipped);
        await ran.Finished.WaitAsync(TimeSpan.FromSeconds(30), ct);
        foreach (var instance in instances)
        {
            await instance.Service.StopAsync(ct);
            instance.Service.Dispose();
        }

        Assert.Equal(4, ran.Runs.LastResult!.Skus);
        Assert.Null(instances.Single(i => i.Skipped == skipped).Runs.LastResult);
        Assert.Equal(44, await ComputedReorderPointAsync("HOT"));
    }

    private async Task<int> ComputedReorderPointAsync(string code)
    {
        await using var db = _w.Database.CreateDbContext();
        return await db.Skus.Where(s => s.Code == code).Select(s => s.ComputedReorderPoint).SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Tells when the service said it waits for the next run, and when it left the night's run to another instance.</summary>
    private sealed class RecordingLogger<T> : ILogger<T>
    {
        private readonly TaskCompletionSource _waiting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _skipped = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Waiting => _waiting.Task;

        public Task Skipped => _skipped.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            if (message.StartsWith("The next nightly planning recompute is at", StringComparison.Ordinal))
            {
                _waiting.TrySetResult();
            }
            else if (message.StartsWith("Another app instance runs tonight's", StringComparison.Ordinal))
            {
                _skipped.TrySetResult();
            }
        }
    }

    private sealed class FixedOptions(BackorderDeskOptions value) : IOptionsMonitor<BackorderDeskOptions>
    {
        public BackorderDeskOptions CurrentValue => value;

        public BackorderDeskOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BackorderDeskOptions, string?> listener) => null;
    }
}
