using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data;

public sealed class PostgresMigrationTests
{
    [Fact]
    public async Task Postgres_migrations_create_every_table_and_leave_no_pending_model_change()
    {
        await using var database = await PostgresTestDatabase.MigrateNewAsync();
        await using var db = database.CreateDbContext();

        var pending = await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken);
        var applied = await db.Database.GetAppliedMigrationsAsync(TestContext.Current.CancellationToken);

        Assert.Empty(pending);
        Assert.NotEmpty(applied);
        Assert.All(applied, id => Assert.DoesNotContain("SkuBookVersion", id, StringComparison.Ordinal));
        Assert.False(db.Database.HasPendingModelChanges());
        Assert.Equal(0, await db.Skus.CountAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Every_text_column_sorts_by_code_point_on_postgres()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();
        var ct = TestContext.Current.CancellationToken;

        var collations = await db.Database.SqlQueryRaw<string>(
            "SELECT DISTINCT COALESCE(collation_name, '(database default)') AS \"Value\" FROM information_schema.columns " +
            "WHERE table_schema = 'public' AND table_name <> '__EFMigrationsHistory' AND data_type IN ('text', 'character varying')").ToListAsync(ct);

        Assert.Equal(["C"], collations);
    }
}
