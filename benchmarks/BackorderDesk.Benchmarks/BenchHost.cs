using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackorderDesk.Benchmarks;

/// <summary>The real app on a real loopback port (Kestrel), over the database file given (seeded with the demo profile given when empty).</summary>
internal sealed class BenchHost(string databasePath, (string UserName, string Password)? admin = null, string profile = "Large") : WebApplicationFactory<Program>
{
    public const string Key = "bench-integration-key";

    public Uri Address => ClientOptions.BaseAddress;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");

        // Pages need blazor.web.js and MudBlazor's assets, which outside Development come only from a
        // published output; the build's static web assets manifest serves them here.
        builder.UseStaticWebAssets();
        builder.UseSetting("ConnectionStrings:BackorderDesk", $"Data Source={databasePath}");
        builder.UseSetting("BackorderDesk:SeedDemoData", "true");
        builder.UseSetting("BackorderDesk:DemoProfile", profile);
        builder.UseSetting("BackorderDesk:ApiKeys:0:Name", "bench");
        builder.UseSetting("BackorderDesk:ApiKeys:0:Key", Key);
        builder.UseSetting("BackorderDesk:ApiKeys:0:Role", "Integration");
        builder.UseSetting("BackorderDesk:RateLimits:KeyPerSecond", "1000000");
        builder.UseSetting("BackorderDesk:RateLimits:UserPerMinute", "1000000");
        builder.UseSetting("BackorderDesk:RateLimits:AnonymousPerMinute", "1000000");
        if (admin is { } first)
        {
            // Pages need a signed-in person: the first admin of a database nobody has signed up to yet.
            builder.UseSetting("BackorderDesk:FirstAdmin:UserName", first.UserName);
            builder.UseSetting("BackorderDesk:FirstAdmin:Password", first.Password);
        }

        builder.UseSetting("BackorderDesk:Mail:Enabled", "false"); // a benchmark sends no customer mail
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command", Environment.GetEnvironmentVariable("BENCH_SQL_LOG_LEVEL") ?? "Warning");
        builder.UseSetting("Logging:LogLevel:BackorderDesk", Environment.GetEnvironmentVariable("BENCH_LOG_LEVEL") ?? "Information");
    }

    public void Start()
    {
        UseKestrel(0);
        StartServer();
    }
}
