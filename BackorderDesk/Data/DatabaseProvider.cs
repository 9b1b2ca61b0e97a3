using System.Data.Common;
using System.Reflection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Internal;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace BackorderDesk.Data;

/// <summary>
/// The two databases the warehouse runs on: embedded SQLite (the default, one app instance) and
/// PostgreSQL (several instances). Everything provider-specific about opening a context is here;
/// the app, the tests, the benchmarks and the copy command all configure contexts through it.
/// Each provider has its own migrations (<c>Data/Migrations</c> and <c>Data/Migrations/Postgres</c>).
/// </summary>
public static class DatabaseProvider
{
    public const string Sqlite = "Sqlite";
    public const string Postgres = "Postgres";

    /// <summary>The provider named by configuration, checked: a wrong name stops start-up with what to write instead.</summary>
    public static string Checked(string? name) => name switch
    {
        null or "" => Sqlite,
        _ when string.Equals(name, Sqlite, StringComparison.OrdinalIgnoreCase) => Sqlite,
        _ when string.Equals(name, Postgres, StringComparison.OrdinalIgnoreCase) => Postgres,
        _ => throw new InvalidOperationException(
            $"BackorderDesk:Database:Provider '{name}' is not supported. Use '{Sqlite}' (embedded, the default) or '{Postgres}' (with ConnectionStrings:BackorderDesk)."),
    };

    /// <summary>
    /// Points <paramref name="db"/> at the database: the provider, the wait for locks (<paramref name="waitSeconds"/>,
    /// see <see cref="DatabaseBusy"/>), the provider's migrations and the app's query interceptor.
    /// </summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder db, string provider, string connectionString, int waitSeconds)
    {
        switch (Checked(provider))
        {
            case Sqlite:
                EnsureSqliteFolder(connectionString);
                // Microsoft.Data.Sqlite retries a locked database until the command timeout (the
                // connection's default timeout for the BEGIN of a transaction), and the timeout counts
                // only that retrying, so the two bound every wait for a lock; a long query is not cut.
                var sqlite = new SqliteConnectionStringBuilder(connectionString) { DefaultTimeout = waitSeconds }.ToString();
                db.UseSqlite(sqlite, o => o.CommandTimeout(waitSeconds))
                    .AddInterceptors(SqliteConnectionSetup.Instance);
                break;
            default:
                db.UseNpgsql(WithLockTimeout(connectionString, waitSeconds), o => o.CommandTimeout(Math.Max(30, waitSeconds)));
                break;
        }

        return db.AddInterceptors(OpenQuantityQueries.Instance)
            .ReplaceService<IMigrationsAssembly, ProviderMigrationsAssembly>();
    }

    /// <summary>A context on its own, outside dependency injection (commands, tests, benchmarks).</summary>
    public static WarehouseDbContext CreateContext(string provider, string connectionString, int waitSeconds = 5) =>
        new(Configure(new DbContextOptionsBuilder<WarehouseDbContext>(), provider, connectionString, waitSeconds).Options as DbContextOptions<WarehouseDbContext>
            ?? throw new InvalidOperationException("Unreachable: the builder is typed."));

    /// <summary>
    /// PostgreSQL waits for a row lock without end unless told otherwise; <c>lock_timeout</c> bounds it
    /// by the same configured wait as SQLite's busy wait, and a lock held past it fails with SQLSTATE
    /// 55P03, which <see cref="DatabaseBusy"/> treats as "busy, try again". A connection string that sets
    /// its own <c>Options</c> keeps them.
    /// </summary>
    private static string WithLockTimeout(string connectionString, int waitSeconds)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrEmpty(builder.Options))
        {
            builder.Options = $"-c lock_timeout={waitSeconds * 1000}";
        }

        return builder.ToString();
    }

    /// <summary>
    /// After rows were inserted with their keys given (the demo seeder, a copy from another database):
    /// on PostgreSQL, moves each such table's identity sequence past its largest key, so that the next
    /// row the database numbers does not collide. SQLite numbers from the table's largest key anyway.
    /// </summary>
    public static async Task MoveKeySequencesPastRowsAsync(
        DbContext db, DbConnection connection, DbTransaction transaction, IEnumerable<Type> written, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            return;
        }

        var sql = db.GetService<ISqlGenerationHelper>();
        foreach (var clrType in written)
        {
            var entityType = db.Model.FindEntityType(clrType);
            var key = entityType?.FindPrimaryKey()?.Properties is [var only] && only.ValueGenerated == ValueGenerated.OnAdd ? only : null;
            if (entityType?.GetTableName() is not { } tableName || key is null)
            {
                continue;
            }

            var table = sql.DelimitIdentifier(tableName, entityType.GetSchema());
            var column = sql.DelimitIdentifier(key.GetColumnName());
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            // setval(…, max, true): the next value is max + 1; an empty table starts again at 1.
            command.CommandText =
                $"SELECT setval(pg_get_serial_sequence('{table.Replace("'", "''", StringComparison.Ordinal)}', '{key.GetColumnName()}'), " +
                $"COALESCE(MAX({column}), 1), MAX({column}) IS NOT NULL) FROM {table}";
            await command.ExecuteScalarAsync(cancellationToken);
        }
    }

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
/// Both providers' migrations are in this assembly and name the same context; each provider sees
/// only those of its own namespace (<c>…Data.Migrations</c> for SQLite, <c>…Data.Migrations.Postgres</c>).
/// </summary>
#pragma warning disable EF1001 // MigrationsAssembly is EF's own implementation; only its type filter changes here.
internal sealed class ProviderMigrationsAssembly(
    ICurrentDbContext currentContext,
    IDbContextOptions options,
    IMigrationsIdGenerator idGenerator,
    IDiagnosticsLogger<DbLoggerCategory.Migrations> logger)
    : MigrationsAssembly(currentContext, options, idGenerator, logger)
{
    private const string SqliteNamespace = "BackorderDesk.Data.Migrations";
    private const string PostgresNamespace = SqliteNamespace + ".Postgres";

    private IReadOnlyDictionary<string, TypeInfo>? _migrations;
    private ModelSnapshot? _snapshot;

    private string Namespace { get; } = currentContext.Context.Database.IsNpgsql() ? PostgresNamespace : SqliteNamespace;

    public override IReadOnlyDictionary<string, TypeInfo> Migrations =>
        _migrations ??= new SortedList<string, TypeInfo>(base.Migrations.Where(m => m.Value.Namespace == Namespace).ToDictionary());

    public override ModelSnapshot? ModelSnapshot =>
        _snapshot ??= Assembly.GetTypes()
            .Where(t => t.Namespace == Namespace && typeof(ModelSnapshot).IsAssignableFrom(t) && !t.IsAbstract)
            .Select(t => (ModelSnapshot?)Activator.CreateInstance(t))
            .SingleOrDefault();
}
#pragma warning restore EF1001
