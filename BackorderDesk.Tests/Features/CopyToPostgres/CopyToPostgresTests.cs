using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.CopyToPostgres;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace BackorderDesk.Tests.Features.CopyToPostgres;

/// <summary>
/// The SQLite → PostgreSQL copy on the small demo warehouse (real SQLite file, real PostgreSQL from
/// ./test.sh): everything arrives, verify passes on the copy, and bad targets are refused untouched.
/// </summary>
public sealed class CopyToPostgresTests(SmallWarehouse warehouse) : IClassFixture<SmallWarehouse>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Demo_warehouse_copies_row_for_row_and_the_copy_passes_verify()
    {
        await using var source = SqliteTestDatabase.CopyOf(warehouse.Database);
        await AddPeopleAndKeysAsync(source);
        await using var target = await PostgresTestDatabase.CreateEmptyAsync();
        var output = new StringWriter();

        var exit = await CopyToPostgresCommand.RunAsync(new CopyToPostgresRequest(source.Path, target.ConnectionString), output, new FakeTimeProvider(SeededWarehouse.Now), Ct);

        Assert.True(exit == CopyToPostgresCommand.Copied, $"exit {exit}:\n{output}");
        Assert.Contains("Row counts: every table matches.", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(": clean.", output.ToString(), StringComparison.Ordinal);

        await using var from = source.CreateDbContext();
        await using var to = target.CreateDbContext();
        var sourceCounts = await WarehouseCopy.CountAsync(from, Ct);
        var targetCounts = await WarehouseCopy.CountAsync(to, Ct);
        Assert.Equal(sourceCounts, targetCounts);
        // Every table of the model, Identity's and the outbox among them, and the demo filled the warehouse ones.
        Assert.Equal(from.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct().Count(), targetCounts.Count);
        foreach (var table in new[] { "Skus", "OrderLines", "Allocations", "StockLedger", "Timeline", "WarehouseCounters", "AspNetUsers", "AspNetUserRoles", "ApiKeys", "AuditTrail" })
        {
            Assert.True(targetCounts[table] > 0, $"{table} is empty in the copy");
        }

        // Values, not only counts: timestamps, decimals, enums stored as text, shadow foreign keys.
        Assert.Equal(await SkuRowsAsync(from), await SkuRowsAsync(to));
        Assert.Equal(await LedgerRowsAsync(from), await LedgerRowsAsync(to));
        Assert.Equal(
            await from.Users.OrderBy(u => u.UserName).Select(u => new { u.UserName, u.PasswordHash, u.SecurityStamp, u.DisplayName }).ToListAsync(Ct),
            await to.Users.OrderBy(u => u.UserName).Select(u => new { u.UserName, u.PasswordHash, u.SecurityStamp, u.DisplayName }).ToListAsync(Ct));

        // The identity sequences were moved past the copied keys: a new row gets a fresh key.
        var largest = await to.Clients.MaxAsync(c => c.Id, Ct);
        var client = new Client("AFTER-COPY", "Added after the copy");
        to.Clients.Add(client);
        await to.SaveChangesAsync(Ct);
        Assert.True(client.Id > largest);
    }

    [Fact]
    public async Task A_target_that_holds_data_is_refused_and_left_as_it_was()
    {
        await using var target = await PostgresTestDatabase.CreateAsync();
        await using (var db = target.CreateDbContext())
        {
            db.Clients.Add(new Client("THERE", "Already there"));
            await db.SaveChangesAsync(Ct);
        }

        var output = new StringWriter();
        var exit = await CopyToPostgresCommand.RunAsync(new CopyToPostgresRequest(warehouse.Database.Path, target.ConnectionString), output, new FakeTimeProvider(SeededWarehouse.Now), Ct);

        Assert.Equal(CopyToPostgresCommand.NotCopied, exit);
        Assert.Contains($"'{target.Name}' already holds data (Clients have rows)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was copied.", output.ToString(), StringComparison.Ordinal);
        await using var after = target.CreateDbContext();
        var counts = await WarehouseCopy.CountAsync(after, Ct);
        Assert.Equal(1, counts["Clients"]);
        Assert.All(counts.Where(c => c.Key != "Clients"), c => Assert.Equal(0, c.Value));
    }

    [Fact]
    public async Task A_missing_file_is_refused_and_the_target_stays_empty()
    {
        await using var target = await PostgresTestDatabase.CreateEmptyAsync();
        var missing = Path.Combine(Path.GetTempPath(), $"bod-missing-{Guid.NewGuid():N}.db");
        var output = new StringWriter();

        var exit = await CopyToPostgresCommand.RunAsync(new CopyToPostgresRequest(missing, target.ConnectionString), output, TimeProvider.System, Ct);

        Assert.Equal(CopyToPostgresCommand.NotCopied, exit);
        Assert.Contains($"The SQLite file '{missing}' does not exist", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(missing));
        await using var connection = new NpgsqlConnection(target.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", connection);
        Assert.Equal(0L, await tables.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task An_unreachable_server_is_named_in_the_message()
    {
        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var output = new StringWriter();

        var exit = await CopyToPostgresCommand.RunAsync(
            new CopyToPostgresRequest(warehouse.Database.Path, "Host=127.0.0.1;Port=1;Database=nowhere;Username=desk;Timeout=5"), output, TimeProvider.System, Ct);

        Assert.Equal(CopyToPostgresCommand.NotCopied, exit);
        Assert.Contains("Could not reach PostgreSQL at 127.0.0.1:1", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new string[0], "Give the SQLite file (--from) and the PostgreSQL database (--to).")]
    [InlineData(new[] { "--from", "a.db" }, "Give the PostgreSQL connection string to copy to (--to).")]
    [InlineData(new[] { "--to", "Host=x;Database=y" }, "Give the SQLite file to copy from (--from).")]
    [InlineData(new[] { "--from", "a.db", "--to" }, "--to needs a value.")]
    [InlineData(new[] { "--from", "a.db", "--into", "x" }, "Unknown argument '--into'.")]
    public async Task Bad_arguments_print_what_is_wrong_and_the_usage(string[] args, string error)
    {
        var output = new StringWriter();

        var exit = await CopyToPostgresCommand.RunAsync(args, output, TimeProvider.System, Ct);

        Assert.Equal(CopyToPostgresCommand.NotCopied, exit);
        Assert.StartsWith(error, output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Usage: BackorderDesk copy-to-postgres --from <sqlite-file> --to", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Both_argument_forms_are_read()
    {
        var spaced = CopyToPostgresCommand.Parse(["--from", "a.db", "--to", "Host=x;Database=y"], out _);
        var joined = CopyToPostgresCommand.Parse(["--from=a.db", "--to=Host=x;Database=y"], out _);

        Assert.Equal(new CopyToPostgresRequest("a.db", "Host=x;Database=y"), spaced);
        Assert.Equal(spaced, joined);
    }

    [Fact]
    public async Task The_command_runs_as_the_app_process_creates_the_database_and_refuses_a_second_copy()
    {
        await using var source = await SqliteTestDatabase.MigrateNewAsync();
        await AddPeopleAndKeysAsync(source);
        var name = $"bod_test_{Guid.NewGuid():N}";
        var to = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.AdminConnectionString) { Database = name }.ToString();
        try
        {
            await using var first = await AppProcess.RunToEndAsync("copy", [CopyToPostgresCommand.Name, "--from", source.Path, "--to", to], new Dictionary<string, string>(), TimeSpan.FromSeconds(120), Ct);
            Assert.True(first.ExitCode == CopyToPostgresCommand.Copied, $"exit {first.ExitCode}:\n{first.Output}");
            Assert.Contains($"The database '{name}' does not exist yet; the migrations will create it.", first.Output, StringComparison.Ordinal);
            Assert.Contains("AspNetUsers", first.Output, StringComparison.Ordinal);
            Assert.Contains(": clean.", first.Output, StringComparison.Ordinal);

            await using var second = await AppProcess.RunToEndAsync("copy again", [CopyToPostgresCommand.Name, "--from", source.Path, "--to", to], new Dictionary<string, string>(), TimeSpan.FromSeconds(120), Ct);
            Assert.True(second.ExitCode == CopyToPostgresCommand.NotCopied, $"exit {second.ExitCode}:\n{second.Output}");
            Assert.Contains("already holds data", second.Output, StringComparison.Ordinal);

            await using var db = DatabaseContext(to);
            Assert.Equal(1, await db.Users.CountAsync(Ct));
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(PostgresTestDatabase.AdminConnectionString);
            await admin.OpenAsync(Ct);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(Ct);
        }
    }

    private static BackorderDesk.Data.WarehouseDbContext DatabaseContext(string connectionString) =>
        BackorderDesk.Data.DatabaseProvider.CreateContext(BackorderDesk.Data.DatabaseProvider.Postgres, connectionString);

    /// <summary>What the demo seeder does not write: a person with a role, an API key, an audit entry.</summary>
    private static async Task AddPeopleAndKeysAsync(SqliteTestDatabase database)
    {
        await using var db = database.CreateDbContext();
        var role = new IdentityRole("Manager") { NormalizedName = "MANAGER" };
        var user = new DeskUser { UserName = "mia", NormalizedUserName = "MIA", DisplayName = "Mia Keller", PasswordHash = "hash-of-mia", SecurityStamp = "stamp" };
        db.Roles.Add(role);
        db.Users.Add(user);
        db.UserRoles.Add(new IdentityUserRole<string> { UserId = user.Id, RoleId = role.Id });
        var at = SeededWarehouse.Now.UtcDateTime;
        db.ApiKeys.Add(new ApiKeyRecord("scanner", "Integration", "hash", "bod_1234", "mia", at));
        db.AuditTrail.Add(new AuditEntry(at, "mia", "Mia Keller", "Renamed", AuditSubject.Sku, "SKU-1", null, "Old", "New", "Renamed SKU-1"));
        await db.SaveChangesAsync(Ct);
    }

    private static async Task<List<object>> SkuRowsAsync(BackorderDesk.Data.WarehouseDbContext db) =>
        [.. (await db.Skus.OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Code, s.Name, s.ClientId, s.Policy, s.AbcClass, s.OnHand, s.Allocated, s.Backordered, s.OnOrder, s.ReleaseDate, s.UnitCost, s.DemandMean, s.PlanningComputedAt })
            .ToListAsync(Ct)).Cast<object>()];

    private static async Task<List<string>> LedgerRowsAsync(BackorderDesk.Data.WarehouseDbContext db) =>
        [.. (await db.Ledger.OrderBy(m => m.Id).Select(m => new { m.Id, m.SkuId, m.Kind, m.Qty, m.At, m.ScanId, m.OrderLineId }).ToListAsync(Ct))
            .Select(m => $"{m.Id} {m.SkuId} {m.Kind} {m.Qty} {m.At:O} {m.At.Kind} {m.ScanId} {m.OrderLineId}")];
}
