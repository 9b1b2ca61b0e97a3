using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Data;

public sealed class MigrationTests
{
    [Fact]
    public async Task Migrations_create_every_table_and_leave_no_pending_model_change()
    {
        await using var database = await SqliteTestDatabase.MigrateNewAsync();
        await using var db = database.CreateDbContext();

        var pending = await db.Database.GetPendingMigrationsAsync(TestContext.Current.CancellationToken);
        Assert.Empty(pending);
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add a migration.");
        Assert.Equal(0, await db.Skus.CountAsync(TestContext.Current.CancellationToken));
    }
}
