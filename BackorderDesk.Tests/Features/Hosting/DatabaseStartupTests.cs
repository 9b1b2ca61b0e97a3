using BackorderDesk.Data;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;

namespace BackorderDesk.Tests.Features.Hosting;

public sealed class DatabaseStartupTests
{
    [Fact]
    public async Task Startup_creates_the_database_named_by_the_configured_connection_string()
    {
        await using var factory = new DeskTestHost { FreshDatabase = true };
        Assert.False(File.Exists(factory.DatabasePath));

        using var client = factory.CreateClient();
        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        response.EnsureSuccessStatusCode();
        Assert.True(File.Exists(factory.DatabasePath), $"The app did not create {factory.DatabasePath}.");
        await using var db = factory.CreateDbContext();
        Assert.Equal(factory.DatabasePath, new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
    }

    [Fact]
    public async Task A_connection_string_from_a_configuration_source_added_after_registration_is_the_one_used()
    {
        // Hosts (test hosts among them) may add configuration sources after Program registered its
        // services; the data layer must read the connection string when it is used, not before.
        var folder = Directory.CreateTempSubdirectory("bod-late-config-");
        var path = Path.Combine(folder.FullName, "nested", "late.db");
        try
        {
            await using (var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
                web.ConfigureAppConfiguration((_, config) => config.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"ConnectionStrings:{DataServices.ConnectionStringName}"] = $"Data Source={path};Pooling=False",
                    ["BackorderDesk:SeedDemoData"] = "false",
                }))))
            {
                using var client = factory.CreateClient();
                var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
                response.EnsureSuccessStatusCode();
            }

            Assert.True(File.Exists(path), $"The app did not create {path} (missing folders included).");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Startup_applies_every_migration_of_the_assembly_to_a_new_database()
    {
        await using var factory = new DeskTestHost { FreshDatabase = true };
        _ = factory.Services;

        await using var db = factory.CreateDbContext();
        var expected = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(expected);

        var applied = new List<string>();
        await using (var connection = new SqliteConnection(factory.ConnectionString))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT MigrationId FROM __EFMigrationsHistory ORDER BY MigrationId";
            await using var reader = await command.ExecuteReaderAsync(TestContext.Current.CancellationToken);
            while (await reader.ReadAsync(TestContext.Current.CancellationToken))
            {
                applied.Add(reader.GetString(0));
            }
        }

        Assert.Equal(expected, applied);
    }
}
