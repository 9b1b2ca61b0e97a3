using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Planning;

/// <summary>
/// Recomputes every SKU's planning once a day at <c>BackorderDesk:Planning:NightlyAt</c> (UTC time of
/// day). Every instance wakes at that time; only the one that takes the night's lease runs it.
/// </summary>
public sealed class NightlyPlanning(PlanningRuns runs, BackgroundLeases leases, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options, ILogger<NightlyPlanning> logger) : BackgroundService
{
    /// <summary>How long the instance that ran tonight's recompute keeps others from running it too.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromHours(1);

    /// <summary>The next moment after <paramref name="now"/> whose UTC time of day is <paramref name="at"/>.</summary>
    public static DateTimeOffset NextRun(DateTimeOffset now, TimeOnly at)
    {
        var utc = now.UtcDateTime;
        var candidate = new DateTimeOffset(DateOnly.FromDateTime(utc).ToDateTime(at, DateTimeKind.Utc));
        return candidate > now ? candidate : candidate.AddDays(1);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue.Planning;
            if (!settings.NightlyEnabled)
            {
                return;
            }

            var now = time.GetUtcNow();
            var next = NextRun(now, settings.NightlyAt);
            // The timer is set before the log says so: whoever moves the clock on hearing it moves it past a set timer.
            var due = Task.Delay(next - now, time, stoppingToken);
            logger.LogDebug("The next nightly planning recompute is at {Next:u}.", next);
            await due;
            try
            {
                if (!await leases.TryTakeAsync(BackgroundLeases.NightlyPlanning, LeaseDuration, stoppingToken))
                {
                    logger.LogInformation("Another app instance runs tonight's planning recompute; this one skips it.");
                }
                else if (await runs.TryRunAsync(null, stoppingToken) is null)
                {
                    logger.LogInformation("The nightly planning run found a recompute already running; it is skipped.");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "The nightly planning run did not complete; tomorrow's run tries again.");
            }
        }
    }
}
