using System.Net.Http.Headers;
using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// The whole app for API, page and browser tests: its own temporary SQLite file (a copy of an already
/// migrated one unless <see cref="FreshDatabase"/>; the app's start-up migration then finds nothing to do),
/// or with <see cref="Provider"/> = PostgreSQL a <see cref="PostgresTestDatabase"/> of its own, no demo data, the demo users with <see cref="DeskSignIn.Password"/>, one API key per
/// role (<see cref="IntegrationKey"/>, <see cref="ScannerKey"/>, <see cref="ReadOnlyKey"/>) in place of
/// the environment's, and rate limits no test reaches. Everything else is an option set before the
/// first client: a fake clock, the real rate limits, extra settings, another environment, extra test
/// services, a real loopback port for a browser (<see cref="StartOnRealPort"/>). Disposing it deletes
/// the database and the mail pickup folder.
/// </summary>
public class DeskTestHost : WebApplicationFactory<Program>
{
    public const string IntegrationKey = "integration-key";
    public const string ScannerKey = "scanner-key";
    public const string ReadOnlyKey = "readonly-key";

    private readonly string _mailFolder = Path.Combine(Path.GetTempPath(), $"bod-mail-{Guid.NewGuid():N}");

    static DeskTestHost()
    {
        // A test app never edits its appsettings files, and every watcher costs one of the few inotify
        // instances a machine allows a user (128 by default), shared by every test process running.
        System.Environment.SetEnvironmentVariable("DOTNET_hostBuilder__reloadConfigOnChange", "false");
    }

    public DeskTestHost()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"bod-test-{Guid.NewGuid():N}.db");
    }

    /// <summary>The SQLite file this app instance uses (on SQLite).</summary>
    public string DatabasePath { get; }

    /// <summary>The database the app runs on: <see cref="DatabaseProvider.Sqlite"/> (the default) or <see cref="DatabaseProvider.Postgres"/>.</summary>
    public string Provider { get; init; } = DatabaseProvider.Sqlite;

    private PostgresTestDatabase? _postgres;

    /// <summary>
    /// On SQLite, without <see cref="PooledConnections"/>, no connection keeps the file open between requests: a test
    /// can inspect, lock or delete the file.
    /// </summary>
    public string ConnectionString => Provider == DatabaseProvider.Postgres
        ? (_postgres ??= PostgresTestDatabase.CreateAsync().GetAwaiter().GetResult()).ConnectionString
        : $"Data Source={DatabasePath};Pooling={PooledConnections}";

    /// <summary>Keep SQLite connections pooled (faster for a long-lived host such as the browser tests').</summary>
    public bool PooledConnections { get; init; }

    /// <summary>
    /// Start on a database file that does not exist yet, so that the app creates and migrates it (tests of
    /// start-up itself). Otherwise the app starts on a copy of the <see cref="MigratedDatabaseTemplate"/>,
    /// the same schema without the cost of migrating it again.
    /// </summary>
    public bool FreshDatabase { get; init; }

    /// <summary>When set, the app's <see cref="TimeProvider"/>; otherwise the system clock.</summary>
    public FakeTimeProvider? Time { get; init; }

    /// <summary>The fake clock of a host that has one.</summary>
    public FakeTimeProvider Clock => Time ?? throw new InvalidOperationException("This host runs on the system clock: give it a Time.");

    /// <summary>Keep the configured rate limits instead of limits no test reaches (tests of the limits set low ones in <see cref="Settings"/>).</summary>
    public bool RealRateLimits { get; init; }

    /// <summary>Settings on top of the test host's own (e.g. low rate limits), applied last.</summary>
    public Dictionary<string, string?> Settings { get; init; } = [];

    /// <summary>The hosting environment; the app's default (Development) unless set.</summary>
    public string? Environment { get; init; }

    /// <summary>Services registered after the app's own (e.g. a startup filter that adds a test-only route).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>The key of an API role (one of <see cref="ApiRoles"/>).</summary>
    public static string KeyFor(string role) => role switch
    {
        ApiRoles.Integration => IntegrationKey,
        ApiRoles.Scanner => ScannerKey,
        ApiRoles.ReadOnly => ReadOnlyKey,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not an API role."),
    };

    /// <summary>A client that sends the key of <paramref name="role"/> (one of <see cref="ApiRoles"/>) and asks for JSON.</summary>
    public HttpClient CreateApiClient(string role) => CreateClientWithKey(KeyFor(role));

    /// <summary>A client that sends <paramref name="key"/> as <c>X-Api-Key</c> (none when null) and asks for JSON.</summary>
    public HttpClient CreateClientWithKey(string? key)
    {
        var client = CreateClient();
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public HttpClient Integration() => CreateApiClient(ApiRoles.Integration);

    public HttpClient ReadOnly() => CreateApiClient(ApiRoles.ReadOnly);

    /// <summary>Serves the app with Kestrel on a free loopback port, so that a real browser can reach it; returns its address.</summary>
    public Uri StartOnRealPort()
    {
        UseKestrel(0);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    /// <summary>A context on the app's own database, for arranging data and checking what the app stored.</summary>
    public WarehouseDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();

    public Task<WarehouseDbContext> CreateDbContextAsync(CancellationToken cancellationToken) =>
        Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContextAsync(cancellationToken);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        if (Environment is not null)
        {
            builder.UseEnvironment(Environment);
        }

        if (Provider == DatabaseProvider.Postgres)
        {
            if (FreshDatabase)
            {
                throw new NotSupportedException("A fresh database is a SQLite start-up case; on PostgreSQL the host starts on a migrated copy.");
            }
        }
        else if (!FreshDatabase && !File.Exists(DatabasePath))
        {
            MigratedDatabaseTemplate.CopyTo(DatabasePath);
        }

        // UseSetting lands in the host configuration WebApplicationBuilder reads while Program runs.
        builder.UseSetting($"ConnectionStrings:{DataServices.ConnectionStringName}", ConnectionString);
        builder.UseSetting($"{BackorderDeskOptions.Section}:Database:Provider", Provider);
        builder.UseSetting($"{BackorderDeskOptions.Section}:SeedDemoData", "false");
        builder.UseSetting($"{BackorderDeskOptions.Section}:Mail:PickupFolder", _mailFolder);

        // Development switches the live demo on; a test's warehouse changes only as the test says.
        builder.UseSetting($"{BackorderDeskOptions.Section}:LiveDemo:Enabled", "false");
        DeskSignIn.ConfigureTestHost(builder);

        if (!RealRateLimits)
        {
            // Every test request comes from one address (or none), so the limits per address would
            // make a long test class flaky.
            builder.UseSetting($"{BackorderDeskOptions.Section}:RateLimits:AnonymousPerMinute", "100000");
            builder.UseSetting($"{BackorderDeskOptions.Section}:RateLimits:UserPerMinute", "100000");
            builder.UseSetting($"{BackorderDeskOptions.Section}:RateLimits:SignInPerMinute", "100000");
        }

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

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            if (Time is { } time)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            }

            TestServices?.Invoke(services);
        });
    }

    // DisposeAsync ends in Dispose(true), so both ways of disposing delete the files.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteFiles();
        }
    }

    private void DeleteFiles()
    {
        if (_postgres is { } postgres)
        {
            _postgres = null;
            postgres.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }

        if (PooledConnections)
        {
            SqliteConnection.ClearAllPools();
        }

        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            File.Delete(file);
        }

        if (Directory.Exists(_mailFolder))
        {
            Directory.Delete(_mailFolder, recursive: true);
        }
    }
}
