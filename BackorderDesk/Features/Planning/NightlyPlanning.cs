using BackorderDesk.Hosting;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Planning;

/// <summary>Recomputes every SKU's planning once a day at <c>BackorderDesk:Planning:NightlyAt</c> (UTC time of day).</summary>
public sealed class NightlyPlanning(PlanningRuns runs, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options, ILogger<NightlyPlanning> logger) : BackgroundService
{
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
            await Task.Delay(next - now, time, stoppingToken);
            try
            {
                if (await runs.TryRunAsync(null, stoppingToken) is null)
                {
                    logger.LogInformation("The nightly planning run found a recompute already running; it is skipped.");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Logged by PlanningRuns; tomorrow's run tries again.
            }
        }
    }
}
