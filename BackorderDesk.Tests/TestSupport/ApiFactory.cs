using System.Net.Http.Headers;
using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// The whole app in memory for endpoint tests: its own temporary SQLite file (migrated at start-up
/// by the app itself), no demo data, one API key per role, and optionally a <see cref="FakeTimeProvider"/>
/// in place of the system clock. The database file is deleted when the factory is disposed.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string IntegrationKey = "integration-key";
    public const string ScannerKey = "scanner-key";
    public const string ReadOnlyKey = "readonly-key";

    public ApiFactory()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"bod-api-{Guid.NewGuid():N}.db");
    }

    /// <summary>The SQLite file this app instance uses.</summary>
    public string DatabasePath { get; }

    /// <summary>
    /// Pooling is off so that no connection keeps the file open between requests: a test can inspect,
    /// break or delete the file, and disposal leaves nothing behind.
    /// </summary>
    public string ConnectionString => $"Data Source={DatabasePath};Pooling=False";

    /// <summary>When set (before the first client is created), the app's <see cref="TimeProvider"/>.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>A client that sends the key of <paramref name="role"/> (one of <see cref="ApiRoles"/>) as <c>X-Api-Key</c>.</summary>
    public HttpClient CreateClient(string role)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, KeyFor(role));
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public static string KeyFor(string role) => role switch
    {
        ApiRoles.Integration => IntegrationKey,
        ApiRoles.Scanner => ScannerKey,
        ApiRoles.ReadOnly => ReadOnlyKey,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not an API role."),
    };

    /// <summary>A context on the app's own database, for arranging data and checking what an endpoint stored.</summary>
    public WarehouseDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder) => ConfigureTestHost(builder, ConnectionString, Time);

    /// <summary>
    /// The test host every API test factory shares: the given database, no demo data, the three
    /// test keys in place of the environment's, and optionally a fake clock.
    /// </summary>
    public static void ConfigureTestHost(IWebHostBuilder builder, string connectionString, TimeProvider? time)
    {
        builder.UseSetting($"ConnectionStrings:{DataServices.ConnectionStringName}", connectionString);
        builder.UseSetting($"{BackorderDeskOptions.Section}:SeedDemoData", "false");
        DeskSignIn.ConfigureTestHost(builder);
        builder.UseSetting($"{BackorderDeskOptions.Section}:Mail:PickupFolder", Path.Combine(Path.GetTempPath(), $"bod-mail-{Guid.NewGuid():N}"));

        UseGenerousRateLimits(builder);

        // Indexes 0..2 replace whatever list the environment's appsettings ship.
        string[][] keys =
        [
            ["integration", IntegrationKey, ApiRoles.Integration],
            ["scanner", ScannerKey, ApiRoles.Scanner],
            ["readonly", ReadOnlyKey, ApiRoles.ReadOnly],
        ];
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"{BackorderDeskOptions.Section}:ApiKeys:{i}:Name", keys[i][0]);
            builder.UseSetting($"{BackorderDeskOptions.Section}:ApiKeys:{i}:Key", keys[i][1]);
            builder.UseSetting($"{BackorderDeskOptions.Section}:ApiKeys:{i}:Role", keys[i][2]);
        }

        if (time is not null)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            });
        }
    }

    /// <summary>
    /// Every test request comes from one address (or none), so the production limits per address
    /// would make a long test class flaky. Tests of the limits set their own, low ones.
    /// </summary>
    public static void UseGenerousRateLimits(IWebHostBuilder builder)
    {
        builder.UseSetting($"{BackorderDeskOptions.Section}:RateLimits:AnonymousPerMinute", "100000");
        builder.UseSetting($"{BackorderDeskOptions.Section}:RateLimits:UserPerMinute", "100000");
        builder.UseSetting($"{BackorderDeskOptions.Section}:RateLimits:SignInPerMinute", "100000");
    }

    // DisposeAsync ends in Dispose(true), so both ways of disposing delete the file.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDatabaseFiles();
        }
    }

    private void DeleteDatabaseFiles()
    {
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }
    }
}
