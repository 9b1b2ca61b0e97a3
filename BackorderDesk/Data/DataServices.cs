using System.Data.Common;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.DataProtection;
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
            var provider = DatabaseProvider.Checked(options.Database.Provider);
            var connectionString = configuration.GetConnectionString(ConnectionStringName)
                ?? (provider == DatabaseProvider.Sqlite
                    ? DefaultSqliteConnectionString(sp.GetRequiredService<IHostEnvironment>().ContentRootPath)
                    : throw new InvalidOperationException(
                        $"BackorderDesk:Database:Provider is '{provider}' but ConnectionStrings:{ConnectionStringName} is not set. Set it to the database's connection string, e.g. 'Host=db;Database=backorderdesk;Username=backorderdesk;Password=…'."));

            DatabaseProvider.Configure(db, provider, connectionString, DatabaseBusy.WaitSeconds(options));
        });
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext());
        services.AddSingleton<AppInstance>();
        services.AddSingleton<BackgroundLeases>();

        // Every instance signs cookies and antiforgery tokens with the same keys, kept in the database,
        // so a request may land on any of them (and a restart signs nobody out).
        services.AddDataProtection()
            .SetApplicationName("BackorderDesk")
            .PersistKeysToDbContext<WarehouseDbContext>();
        return services;
    }

    public static string DefaultSqliteConnectionString(string contentRoot) =>
        $"Data Source={Path.Combine(contentRoot, "App_Data", "backorderdesk.db")}";
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
