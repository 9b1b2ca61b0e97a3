using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// A real PostgreSQL database of its own on the test server that <c>./test.sh</c> starts (its admin
/// connection string in <c>BOD_TEST_POSTGRES</c>). Like <see cref="SqliteTestDatabase"/>, a new one is
/// a copy of a template migrated once per test process with the app's own PostgreSQL migrations
/// (<c>CREATE DATABASE … TEMPLATE</c>, far cheaper than migrating again); disposing it drops it.
/// </summary>
public sealed class PostgresTestDatabase : ITestDatabase
{
    public const string ServerVariable = "BOD_TEST_POSTGRES";

    private static readonly SemaphoreSlim TemplateGate = new(1, 1);
    private static string? _template;

    private PostgresTestDatabase(string name)
    {
        Name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name, IncludeErrorDetail = true }.ToString();
    }

    /// <summary>The database's name on the server.</summary>
    public string Name { get; }

    public string ConnectionString { get; }

    public string Provider => DatabaseProvider.Postgres;

    /// <summary>The test server's admin connection string; a clear failure when the tests were not started by <c>./test.sh</c>.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{ServerVariable} is not set: the PostgreSQL tests need the server ./test.sh starts. Run them through ./test.sh (it passes its arguments to dotnet test).");

    /// <summary>A new database with every migration applied: a copy of the migrated template.</summary>
    public static async Task<PostgresTestDatabase> CreateAsync()
    {
        var template = await TemplateAsync();
        var db = new PostgresTestDatabase(NewName());
        await CreateFromAsync(db.Name, template);
        return db;
    }

    /// <summary>An empty database (no schema), for tests of migrating or copying into one.</summary>
    public static async Task<PostgresTestDatabase> CreateEmptyAsync()
    {
        var db = new PostgresTestDatabase(NewName());
        await ExecuteAsync($"CREATE DATABASE \"{db.Name}\" TEMPLATE template0 ENCODING 'UTF8'");
        return db;
    }

    /// <summary>A new database migrated here and now, for tests of the migrations themselves.</summary>
    public static async Task<PostgresTestDatabase> MigrateNewAsync()
    {
        var db = await CreateEmptyAsync();
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
    }

    /// <summary>A copy of another test database: cheaper than seeding the same data again. Nobody may be connected to the source.</summary>
    public static async Task<PostgresTestDatabase> CopyOfAsync(PostgresTestDatabase source)
    {
        NpgsqlConnection.ClearAllPools();
        var db = new PostgresTestDatabase(NewName());
        await CreateFromAsync(db.Name, source.Name);
        return db;
    }

    public WarehouseDbContext CreateDbContext() => DatabaseProvider.CreateContext(DatabaseProvider.Postgres, ConnectionString);

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        await ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }

    private static string NewName() => $"bod_test_{Guid.NewGuid():N}";

    private static async Task<string> TemplateAsync()
    {
        await TemplateGate.WaitAsync();
        try
        {
            if (_template is null)
            {
                var template = await MigrateNewAsync();
                NpgsqlConnection.ClearAllPools();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => template.DisposeAsync().AsTask().GetAwaiter().GetResult();
                _template = template.Name;
            }

            return _template;
        }
        finally
        {
            TemplateGate.Release();
        }
    }

    private static async Task CreateFromAsync(string name, string template)
    {
        // CREATE DATABASE … TEMPLATE fails while anyone else is connected to the template, and two
        // copies of one template at the same moment collide; both are retried briefly.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.ObjectInUse && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
