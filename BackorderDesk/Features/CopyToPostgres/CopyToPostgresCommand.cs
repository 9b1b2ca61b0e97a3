using System.Globalization;
using System.Net.Sockets;
using BackorderDesk.Data;
using BackorderDesk.Features.Verify;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace BackorderDesk.Features.CopyToPostgres;

/// <summary>The two things a copy needs: the SQLite file to read and the PostgreSQL database to fill.</summary>
public sealed record CopyToPostgresRequest(string From, string To);

/// <summary>
/// The <c>copy-to-postgres</c> command: moves a warehouse from its SQLite file into an empty PostgreSQL
/// database (migrated here with the PostgreSQL migrations), compares the row counts of every table and
/// runs <c>verify</c> on the copy. Exit codes: 0 copied, counts equal and verify clean; 1 the copy ran
/// but counts or verify disagree; 2 nothing was copied (bad arguments, a missing or outdated file, a
/// server that cannot be reached, a target that already holds data), with what to fix.
/// </summary>
public static class CopyToPostgresCommand
{
    public const string Name = "copy-to-postgres";

    public const int Copied = 0;
    public const int CopiedWithDifferences = 1;
    public const int NotCopied = 2;

    public const string Usage = """
        Usage: BackorderDesk copy-to-postgres --from <sqlite-file> --to "<postgresql-connection-string>"

        Copies every table of a BackorderDesk SQLite database into an empty PostgreSQL database,
        then compares the row counts and runs verify on the copy. Stop the app first.

          --from   the SQLite database file, e.g. App_Data/backorderdesk.db
          --to     the PostgreSQL database, e.g. "Host=db.example;Database=backorderdesk;Username=desk;Password=…"
                   (created when it does not exist; it must not hold data)

        Exit code 0: copied and verified; 1: copied, but counts or verify differ; 2: nothing copied.
        """;

    /// <summary>Reads <c>--from</c> and <c>--to</c>; null (with what is wrong in <paramref name="error"/>) when they are not usable.</summary>
    public static CopyToPostgresRequest? Parse(IReadOnlyList<string> args, out string? error)
    {
        string? from = null, to = null;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            var argument = args[i];
            var (name, value) = argument.Split('=', 2) is [var n, var v] && n.StartsWith("--", StringComparison.Ordinal)
                ? (n, (string?)v)
                : (argument, i + 1 < args.Count ? args[++i] : null);
            switch (name)
            {
                case "--from" when !string.IsNullOrWhiteSpace(value):
                    from = value;
                    break;
                case "--to" when !string.IsNullOrWhiteSpace(value):
                    to = value;
                    break;
                case "--from" or "--to":
                    error = $"{name} needs a value.";
                    return null;
                default:
                    error = $"Unknown argument '{argument}'.";
                    return null;
            }
        }

        error = (from, to) switch
        {
            (null, null) => "Give the SQLite file (--from) and the PostgreSQL database (--to).",
            (null, _) => "Give the SQLite file to copy from (--from).",
            (_, null) => "Give the PostgreSQL connection string to copy to (--to).",
            _ => null,
        };
        return error is null ? new CopyToPostgresRequest(from!, to!) : null;
    }

    /// <summary>The command as the app runs it: arguments after the command's name, output to the console.</summary>
    public static async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var request = Parse(args, out var error);
        if (request is null)
        {
            await output.WriteLineAsync(error);
            await output.WriteLineAsync();
            await output.WriteLineAsync(Usage);
            return NotCopied;
        }

        return await RunAsync(request, output, time, cancellationToken);
    }

    public static async Task<int> RunAsync(CopyToPostgresRequest request, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var problem = await CheckSourceAsync(request.From, cancellationToken) ?? await CheckTargetAsync(request.To, output, cancellationToken);
        if (problem is not null)
        {
            await output.WriteLineAsync(problem);
            await output.WriteLineAsync("Nothing was copied.");
            return NotCopied;
        }

        var started = time.GetTimestamp();
        await using var source = DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, SourceConnectionString(request.From), waitSeconds: 30);
        await using var target = DatabaseProvider.CreateContext(DatabaseProvider.Postgres, request.To, waitSeconds: 30);
        await output.WriteLineAsync($"Migrating {Describe(request.To)} with the PostgreSQL migrations…");
        await target.Database.MigrateAsync(cancellationToken);

        await output.WriteLineAsync($"Copying {Path.GetFullPath(request.From)} → {Describe(request.To)} (one transaction: all or nothing)…");
        var progress = new SynchronousProgress(p => output.WriteLine(p.TableDone
            ? Invariant($"  {p.Table,-28} {p.Rows,12:N0} rows  {p.TableElapsed.TotalSeconds,6:0.0} s")
            : Invariant($"  {p.Table,-28} {p.Rows,12:N0} of {p.TableRows:N0} rows…")));
        var sourceCounts = await new WarehouseCopy(time).CopyAsync(source, target, progress, cancellationToken);
        var targetCounts = await WarehouseCopy.CountAsync(target, cancellationToken);
        var rows = sourceCounts.Select(s => new TableRows(s.Key, s.Value, targetCounts.GetValueOrDefault(s.Key))).ToList();
        await output.WriteLineAsync(Invariant($"Copied {rows.Sum(r => r.Source):N0} rows of {rows.Count} tables in {time.GetElapsedTime(started).TotalSeconds:0.0} s."));

        await output.WriteLineAsync();
        await output.WriteLineAsync(Invariant($"  {"table",-28} {"SQLite",12} {"PostgreSQL",12}"));
        foreach (var row in rows)
        {
            await output.WriteLineAsync(Invariant($"  {row.Table,-28} {row.Source,12:N0} {row.Target,12:N0}{(row.Match ? "" : "  DIFFERENT")}"));
        }

        var different = rows.Count(r => !r.Match);
        await output.WriteLineAsync(different == 0 ? "Row counts: every table matches." : $"Row counts: {different} table(s) differ.");

        await output.WriteLineAsync();
        var report = await new WarehouseVerifier(new TargetContexts(request.To), time).VerifyAsync(cancellationToken);
        report.WriteTo(output);
        var ok = different == 0 && report.IsClean;
        await output.WriteLineAsync(ok
            ? "The copy is complete and verified. Point the app at it with BackorderDesk:Database:Provider=Postgres and ConnectionStrings:BackorderDesk."
            : "The copy differs from the source (see above); do not switch the app to it. Drop the database, fix the cause and copy again.");
        return ok ? Copied : CopiedWithDifferences;
    }

    private static string SourceConnectionString(string path) =>
        new SqliteConnectionStringBuilder { DataSource = Path.GetFullPath(path), Pooling = false }.ToString();

    /// <summary>A problem with the SQLite file (what to fix), or null when it is a BackorderDesk database at the current schema.</summary>
    private static async Task<string?> CheckSourceAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return $"The SQLite file '{path}' does not exist (looked for {Path.GetFullPath(path)}). Give the path of the warehouse's database file with --from, e.g. App_Data/backorderdesk.db.";
        }

        try
        {
            await using var db = DatabaseProvider.CreateContext(DatabaseProvider.Sqlite, SourceConnectionString(path));
            var applied = (await db.Database.GetAppliedMigrationsAsync(cancellationToken)).ToList();
            if (applied.Count == 0)
            {
                return $"'{path}' is not a BackorderDesk database (it has no migration history). Check the --from path.";
            }

            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                return $"'{path}' was last opened by an older version of BackorderDesk ({pending.Count} migration(s) to apply). " +
                    "Start this version of the app on it once (or run its verify command on it), then copy again.";
            }

            return null;
        }
        catch (SqliteException e)
        {
            return $"'{path}' could not be read as a SQLite database: {e.Message} Check the --from path.";
        }
    }

    /// <summary>
    /// A problem with the PostgreSQL database (what to fix), or null when it can be filled: it does not
    /// exist yet (the migrations create it) or none of its tables holds a row.
    /// </summary>
    private static async Task<string?> CheckTargetAsync(string connectionString, TextWriter output, CancellationToken cancellationToken)
    {
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException e)
        {
            return $"The --to connection string is not valid: {e.Message} Write it as \"Host=…;Port=5432;Database=…;Username=…;Password=…\".";
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            return "The --to connection string names no database: add Database=<name> (a new or empty database).";
        }

        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            var holding = await TablesWithRowsAsync(connection, cancellationToken);
            return holding.Count == 0
                ? null
                : $"The PostgreSQL database '{builder.Database}' already holds data ({string.Join(", ", holding.Take(5))}{(holding.Count > 5 ? ", …" : "")} have rows). " +
                    "The copy only fills an empty database: give a new database name in --to (it is created), or drop and re-create this one.";
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidCatalogName)
        {
            await output.WriteLineAsync($"The database '{builder.Database}' does not exist yet; the migrations will create it.");
            return null;
        }
        catch (PostgresException e)
        {
            return $"PostgreSQL at {builder.Host}:{builder.Port} refused the connection as '{builder.Username}': {e.MessageText} Check the user, password and database in --to.";
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            return $"Could not reach PostgreSQL at {builder.Host}:{builder.Port} ({e.Message}). Check that the server is running and that Host and Port in --to are right.";
        }
    }

    /// <summary>Every table outside the system schemas that holds at least one row (EF's migration history aside).</summary>
    private static async Task<List<string>> TablesWithRowsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var tables = new List<(string Schema, string Table)>();
        await using (var list = new NpgsqlCommand(
            "SELECT table_schema, table_name FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema') AND table_name <> '__EFMigrationsHistory' " +
            "ORDER BY table_schema, table_name", connection))
        await using (var reader = await list.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        var holding = new List<string>();
        foreach (var (schema, table) in tables)
        {
            await using var any = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM \"{schema.Replace("\"", "\"\"", StringComparison.Ordinal)}\".\"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\")", connection);
            if (await any.ExecuteScalarAsync(cancellationToken) is true)
            {
                holding.Add(schema == "public" ? table : $"{schema}.{table}");
            }
        }

        return holding;
    }

    /// <summary>The target without its password, for messages.</summary>
    private static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL database '{builder.Database}' at {builder.Host}:{builder.Port}";
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The verifier's contexts, on the copy.</summary>
    private sealed class TargetContexts(string connectionString) : IDbContextFactory<WarehouseDbContext>
    {
        public WarehouseDbContext CreateDbContext() => DatabaseProvider.CreateContext(DatabaseProvider.Postgres, connectionString, waitSeconds: 30);
    }

    /// <summary>Reports on the copying thread, so that progress lines come out in order (Progress&lt;T&gt; posts them elsewhere).</summary>
    private sealed class SynchronousProgress(Action<CopyProgress> report) : IProgress<CopyProgress>
    {
        public void Report(CopyProgress value) => report(value);
    }
}
