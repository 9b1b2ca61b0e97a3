using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>The trigram index on SQLite: created by the migrations, kept by triggers, filled for rows stored before it.</summary>
public sealed class OrderSearchIndexTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task After_every_migration_the_index_and_its_four_triggers_exist()
    {
        // A later migration that rebuilds Orders or Customers (SQLite copies the table) would drop the triggers.
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using var db = database.CreateDbContext();

        var names = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE name LIKE 'OrderSearch%' AND type IN ('table', 'trigger') ORDER BY name").ToListAsync(Ct);

        Assert.Superset(
            new HashSet<string> { "OrderSearch", "OrderSearch_CustomerChanged", "OrderSearch_OrderChanged", "OrderSearch_OrderDeleted", "OrderSearch_OrderInserted" },
            names.ToHashSet());
    }

    [Fact]
    public async Task Rows_stored_before_the_keys_existed_are_found_after_the_start_up_backfill()
    {
        await using var database = await SqliteTestDatabase.CreateAsync();
        await using (var db = database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme");
            db.Orders.Add(new SalesOrder("WEB/2026/001", client, new Customer("C-1", "Zoë Müller", "zoe@mail.example", CustomerType.Dtc), "web", new DateTime(2026, 11, 23, 9, 0, 0, DateTimeKind.Utc), ShipPolicy.ShipPartial, OrderPriority.Standard));
            await db.SaveChangesAsync(Ct);

            // As a database from before the OrderSearchIndex migration: empty keys, customer keys lower-cased only.
            await db.Database.ExecuteSqlRawAsync("UPDATE Customers SET SearchKey = '', NameKey = 'zoë müller', SurnameKey = 'müller'", Ct);
            await db.Database.ExecuteSqlRawAsync("UPDATE Orders SET NumberKey = ''", Ct);
        }

        var index = new OrderSearchIndex();
        async Task<int> Count(string folded)
        {
            await using var db = database.CreateDbContext();
            return (await index.FindAsync(db, SearchText.Fold(folded), 0, 10, Ct)).Total;
        }

        Assert.Equal(0, await Count("muller"));

        await using (var db = database.CreateDbContext())
        {
            await OrderSearchIndex.BackfillKeysAsync(db, Ct);
        }

        Assert.Equal(1, await Count("muller"));
        Assert.Equal(1, await Count("2026/0"));
        Assert.Equal(1, await Count("zoe"));
        Assert.Equal(1, await Count("mu"));   // the surname's start, folded
    }
}
