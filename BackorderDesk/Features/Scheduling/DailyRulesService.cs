using BackorderDesk.Data;
using BackorderDesk.Features.Planning;
using BackorderDesk.Hosting;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Scheduling;

/// <summary>
/// Runs <see cref="DailyRules"/> once at start-up (to catch up on the days the app was down) and then
/// every day at <c>BackorderDesk:DailyRules:At</c> (UTC time of day), on the app's clock. With several
/// app instances every one wakes; the one that takes the lease runs the rules.
/// </summary>
public sealed class DailyRulesService(DailyRules rules, BackgroundLeases leases, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options, ILogger<DailyRulesService> logger) : BackgroundService
{
    /// <summary>How long the instance that ran the rules keeps others from running them too.</summary>
    public static readonly TimeSpan LeaseDuration = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.CurrentValue.DailyRules.Enabled)
        {
            return;
        }

        await RunOnceAsync("start-up", stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            var settings = options.CurrentValue.DailyRules;
            if (!settings.Enabled)
            {
                return;
            }

            var now = time.GetUtcNow();
            var next = NightlyPlanning.NextRun(now, settings.At);
            // The timer is set before the log says so: whoever moves the clock on hearing it moves it past a set timer.
            var due = Task.Delay(next - now, time, stoppingToken);
            logger.LogDebug("The next daily rules run is at {Next:u}.", next);
            await due;
            await RunOnceAsync("daily", stoppingToken);
        }
    }

    private async Task RunOnceAsync(string occasion, CancellationToken stoppingToken)
    {
        try
        {
            if (!await leases.TryTakeAsync(BackgroundLeases.DailyRules, LeaseDuration, stoppingToken))
            {
                logger.LogInformation("Another app instance runs the daily rules; this one skips its {Occasion} run.", occasion);
                return;
            }

            var outcome = await rules.RunAsync(stoppingToken);
            if (outcome.DidSomething)
            {
                logger.LogInformation(
                    "The {Occasion} run of the daily rules released {Preorders} preorder SKUs ({Lines} lines allocated) and re-dated {Etas} ETAs on {Skus} SKUs.",
                    occasion,
                    outcome.PreordersReleased,
                    outcome.LinesAllocated,
                    outcome.EtasChanged,
                    outcome.SkusRedated);
            }
            else
            {
                logger.LogDebug("The {Occasion} run of the daily rules checked {Skus} SKUs and changed nothing.", occasion, outcome.SkusChecked);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The {Occasion} run of the daily rules did not complete; the next run tries again.", occasion);
        }
    }
}
