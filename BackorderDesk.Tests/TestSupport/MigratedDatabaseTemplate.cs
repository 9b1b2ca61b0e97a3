using BackorderDesk.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// One SQLite file per test process migrated with the app's own migrations (the same <c>Migrate</c> the
/// app runs at start-up, on the same connection setup), copied into place for every test database
/// instead of migrating each one again: running every migration costs a host start or a test database
/// far more than copying a few hundred kilobytes. The copy holds the schema and the migration history
/// only (no users, no data), so the app's start-up migration finds nothing to apply and everything
/// after it (demo users, the default client, counters) runs as on a new database.
/// Tests of migrating itself use a fresh file (<see cref="SqliteTestDatabase.MigrateNewAsync"/>,
/// <see cref="DeskTestHost.FreshDatabase"/>).
/// </summary>
public static class MigratedDatabaseTemplate
{
    private static readonly Lazy<string> Template = new(Create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Copies the migrated template to <paramref name="path"/> (which must not exist yet).</summary>
    public static void CopyTo(string path) => File.Copy(Template.Value, path);

    private static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), $"bod-template-{Guid.NewGuid():N}.db");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Delete(path);
        using (var db = DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False", waitSeconds: 30))
        {
            db.Database.Migrate();

            // Everything into the main file, so that copying that file alone copies the whole database.
            db.Database.OpenConnection();
            try
            {
                using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                command.ExecuteNonQuery();
            }
            finally
            {
                db.Database.CloseConnection();
            }
        }

        SqliteConnection.ClearAllPools();
        return path;
    }

    private static void Delete(string path)
    {
        foreach (var file in new[] { path, path + "-wal", path + "-shm" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // Left to the temp folder's cleanup.
            }
        }
    }
}
