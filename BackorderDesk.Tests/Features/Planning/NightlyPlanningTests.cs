using BackorderDesk.Features.Planning;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
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
        using var service = new NightlyPlanning(runs, _w.Time, new FixedOptions(options), NullLogger<NightlyPlanning>.Instance);
        await service.StartAsync(ct);

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

    private async Task<int> ComputedReorderPointAsync(string code)
    {
        await using var db = _w.Database.CreateDbContext();
        return await db.Skus.Where(s => s.Code == code).Select(s => s.ComputedReorderPoint).SingleAsync(TestContext.Current.CancellationToken);
    }

    private sealed class FixedOptions(BackorderDeskOptions value) : IOptionsMonitor<BackorderDeskOptions>
    {
        public BackorderDeskOptions CurrentValue => value;

        public BackorderDeskOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BackorderDeskOptions, string?> listener) => null;
    }
}
