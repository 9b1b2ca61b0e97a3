namespace BackorderDesk.Features.LiveDemo;

public static class LiveDemoRegistration
{
    /// <summary>The live demo: its switch (one per app instance), the generator over the database's catalog, its steps and the loop that times them.</summary>
    public static IServiceCollection AddLiveDemo(this IServiceCollection services) =>
        services
            .AddSingleton<LiveDemoSwitch>()
            .AddSingleton<LiveDemoCatalog>()
            .AddSingleton<LiveDemoSteps>()
            .AddHostedService<LiveDemoService>();
}
