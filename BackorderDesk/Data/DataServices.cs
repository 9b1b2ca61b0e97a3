using System.Data.Common;
using BackorderDesk.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackorderDesk.Data;

public static class DataServices
{
    public const string ConnectionStringName = "BackorderDesk";

    public static IServiceCollection AddWarehouseData(this IServiceCollection services)
    {
        // Configuration is read when the options are first built, not here: a host may still add
        // sources (test hosts, hosting integrations) after services are registered.
        services.AddPooledDbContextFactory<WarehouseDbContext>((sp, db) =>
        {
            var configuration = sp.GetRequiredService<IConfiguration>();
            var options = configuration.GetSection(BackorderDeskOptions.Section).Get<BackorderDeskOptions>() ?? new();
            var connectionString = configuration.GetConnectionString(ConnectionStringName)
                ?? DefaultSqliteConnectionString(sp.GetRequiredService<IHostEnvironment>().ContentRootPath);

            switch (options.DatabaseProvider)
            {
                case "Sqlite":
                    EnsureSqliteFolder(connectionString);
                    db.UseSqlite(connectionString, sqlite => sqlite.CommandTimeout(30))
                        .AddInterceptors(SqliteConnectionSetup.Instance);
                    break;
                default:
                    throw new InvalidOperationException(
                        $"BackorderDesk:DatabaseProvider '{options.DatabaseProvider}' is not supported. Use 'Sqlite'.");
            }
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext());
        return services;
    }

    public static string DefaultSqliteConnectionString(string contentRoot) =>
        $"Data Source={Path.Combine(contentRoot, "App_Data", "backorderdesk.db")}";

    private static void EnsureSqliteFolder(string connectionString)
    {
        var dataSource = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (dataSource is not ("" or ":memory:") && !dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(dataSource));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }
        }
    }
}

/// <summary>
/// Every SQLite connection runs in WAL mode (readers never block the writer) and waits for a
/// busy lock instead of failing at once.
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    public static readonly SqliteConnectionSetup Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Configure(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Configure(connection);
        return Task.CompletedTask;
    }

    private static void Configure(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
    }
}
