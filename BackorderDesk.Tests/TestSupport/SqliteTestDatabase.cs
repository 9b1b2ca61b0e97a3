using BackorderDesk.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// A real SQLite database in a temporary file, migrated with the app's own migrations. A file (not
/// :memory:) so that several connections, as in the app, see the same data.
/// </summary>
public sealed class SqliteTestDatabase : ITestDatabase
{
    private SqliteTestDatabase(string path)
    {
        Path = path;
        ConnectionString = $"Data Source={path};Pooling=False";
    }

    public string Path { get; }

    public string Provider => DatabaseProvider.Sqlite;

    public string ConnectionString { get; }

    /// <summary>A new database with every migration applied: a copy of the <see cref="MigratedDatabaseTemplate"/>.</summary>
    public static Task<SqliteTestDatabase> CreateAsync()
    {
        var db = new SqliteTestDatabase(NewPath());
        MigratedDatabaseTemplate.CopyTo(db.Path);
        return Task.FromResult(db);
    }

    /// <summary>A new database migrated here and now, for tests of the migrations themselves.</summary>
    public static async Task<SqliteTestDatabase> MigrateNewAsync()
    {
        var db = new SqliteTestDatabase(NewPath());
        await using var context = db.CreateDbContext();
        await context.Database.MigrateAsync();
        return db;
    }

    private static string NewPath() => System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"bod-test-{Guid.NewGuid():N}.db");

    /// <summary>A copy of another test database's file: cheaper than seeding the same data again.</summary>
    public static SqliteTestDatabase CopyOf(SqliteTestDatabase source)
    {
        SqliteConnection.ClearAllPools();
        var db = new SqliteTestDatabase(NewPath());
        File.Copy(source.Path, db.Path);
        if (File.Exists(source.Path + "-wal"))
        {
            File.Copy(source.Path + "-wal", db.Path + "-wal");
        }

        return db;
    }

    public WarehouseDbContext CreateDbContext() => DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, ConnectionString, waitSeconds: 30);

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A file still open by a pooled connection is left to the temp folder's cleanup.
            }
        }

        return ValueTask.CompletedTask;
    }
}
