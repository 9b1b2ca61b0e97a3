using BackorderDesk.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// The whole app in memory, on a fresh temporary SQLite file, without demo data, with three API keys
/// (<see cref="IntegrationKey"/>, <see cref="ScannerKey"/>, <see cref="ReadOnlyKey"/>). Set
/// <see cref="Time"/> before the first request to run the app on a fake clock.
/// </summary>
public class BackorderDeskFactory : WebApplicationFactory<Program>
{
    public const string IntegrationKey = "integration-key";
    public const string ScannerKey = "scanner-key";
    public const string ReadOnlyKey = "readonly-key";

    private TimeProvider? _time;
    private bool _built;

    public BackorderDeskFactory()
    {
        DatabasePath = Path.Combine(Path.GetTempPath(), $"bod-app-{Guid.NewGuid():N}.db");
    }

    public string DatabasePath { get; }

    public string ConnectionString => $"Data Source={DatabasePath}";

    /// <summary>The app's clock; only settable before the host is built.</summary>
    public TimeProvider? Time
    {
        get => _time;
        set
        {
            if (_built)
            {
                throw new InvalidOperationException("Set the time provider before the first request or client.");
            }

            _time = value;
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        _built = true;

        // UseSetting lands in the host configuration that WebApplicationBuilder reads while Program
        // runs, so AddWarehouseData sees it at registration time.
        builder.UseSetting($"ConnectionStrings:{DataServices.ConnectionStringName}", ConnectionString);
        builder.UseSetting("BackorderDesk:SeedDemoData", "false");
        DeskSignIn.ConfigureTestHost(builder);
        builder.UseSetting("BackorderDesk:Mail:PickupFolder", Path.Combine(Path.GetTempPath(), $"bod-mail-{Guid.NewGuid():N}"));
        builder.UseSetting("BackorderDesk:DatabaseProvider", "Sqlite");
        ApiFactory.UseGenerousRateLimits(builder);
        AddApiKey(builder, 0, "test-integration", IntegrationKey, "Integration");
        AddApiKey(builder, 1, "test-scanner", ScannerKey, "Scanner");
        AddApiKey(builder, 2, "test-readonly", ReadOnlyKey, "ReadOnly");

        builder.ConfigureTestServices(services =>
        {
            if (_time is { } time)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(time);
            }
        });
    }

    // DisposeAsync ends in Dispose(true) as well, so the file goes either way.
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            DeleteDatabase();
        }
    }

    private static void AddApiKey(IWebHostBuilder builder, int index, string name, string key, string role)
    {
        builder.UseSetting($"BackorderDesk:ApiKeys:{index}:Name", name);
        builder.UseSetting($"BackorderDesk:ApiKeys:{index}:Key", key);
        builder.UseSetting($"BackorderDesk:ApiKeys:{index}:Role", role);
    }

    private void DeleteDatabase()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Still open somewhere: the temp folder's cleanup takes it.
            }
        }
    }
}
