namespace BackorderDesk.Features.Scheduling;

public static class SchedulingRegistration
{
    /// <summary>The rules that run by the date: once a day and at start-up (<see cref="DailyRulesService"/>), or when a replay moves its clock.</summary>
    public static IServiceCollection AddScheduling(this IServiceCollection services) =>
        services
            .AddSingleton<DailyRules>()
            .AddHostedService<DailyRulesService>();
}
