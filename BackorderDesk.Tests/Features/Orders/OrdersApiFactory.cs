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

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>
/// The app on its own temporary SQLite file (migrated by the app at start-up), no demo data, one
/// API key per role and, when <see cref="Time"/> is set, a fake clock. The file is deleted on dispose.
/// </summary>
public sealed class OrdersApiFactory : WebApplicationFactory<Program>
{
    public const string IntegrationKey = "integration-key";
    public const string ScannerKey = "scanner-key";
    public const string ReadOnlyKey = "readonly-key";

    public string DatabasePath { get; } = Path.Combine(Path.GetTempPath(), $"bod-orders-{Guid.NewGuid():N}.db");

    public FakeTimeProvider? Time { get; init; }

    public HttpClient CreateClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    public WarehouseDbContext CreateDbContext() =>
        Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"ConnectionStrings:{DataServices.ConnectionStringName}", $"Data Source={DatabasePath};Pooling=False");
        builder.UseSetting($"{BackorderDeskOptions.Section}:SeedDemoData", "false");
        string[][] keys = [["integration", IntegrationKey, ApiRoles.Integration], ["scanner", ScannerKey, ApiRoles.Scanner], ["readonly", ReadOnlyKey, ApiRoles.ReadOnly]];
        for (var i = 0; i < keys.Length; i++)
        {
            builder.UseSetting($"{BackorderDeskOptions.Section}:ApiKeys:{i}:Name", keys[i][0]);
            builder.UseSetting($"{BackorderDeskOptions.Section}:ApiKeys:{i}:Key", keys[i][1]);
            builder.UseSetting($"{BackorderDeskOptions.Section}:ApiKeys:{i}:Role", keys[i][2]);
        }

        if (Time is { } time)
        {
            builder.ConfigureTestServices(services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            });
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { DatabasePath, DatabasePath + "-wal", DatabasePath + "-shm" })
            {
                File.Delete(file);
            }
        }
    }
}
