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
                    var wait = DatabaseBusy.WaitSeconds(options);
                    // Microsoft.Data.Sqlite retries a locked database until the command timeout (the
                    // connection's default timeout for the BEGIN of a transaction), and the timeout counts
                    // only that retrying, so the two bound every wait for a lock; a long query is not cut.
                    var bounded = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = wait }.ToString();
                    db.UseSqlite(bounded, sqlite => sqlite.CommandTimeout(wait))
                        .AddInterceptors(SqliteConnectionSetup.Instance, OpenQuantityQueries.Instance);
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
/// Every SQLite connection runs in WAL mode (readers never block the writer). SQLite's own busy
/// handler waits a short slice for a lock; Microsoft.Data.Sqlite repeats it until the command
/// timeout, which bounds the whole wait (see DataServices).
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
        // busy_timeout first: the journal-mode pragma itself may meet a lock.
        command.CommandText = "PRAGMA busy_timeout=250; PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";
        command.ExecuteNonQuery();
    }
}
