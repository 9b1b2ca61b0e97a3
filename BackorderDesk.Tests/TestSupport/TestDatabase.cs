using BackorderDesk.Data;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>A migrated test database of its own on either provider: <see cref="SqliteTestDatabase"/> or <see cref="PostgresTestDatabase"/>.</summary>
public interface ITestDatabase : IDbContextFactory<WarehouseDbContext>, IAsyncDisposable
{
    /// <summary>One of <see cref="DatabaseProvider.Sqlite"/> and <see cref="DatabaseProvider.Postgres"/>.</summary>
    string Provider { get; }

    string ConnectionString { get; }
}

public static class TestDatabase
{
    /// <summary>A new migrated database on <paramref name="provider"/> (a copy of that provider's migrated template).</summary>
    public static async Task<ITestDatabase> CreateAsync(string provider) =>
        DatabaseProvider.Checked(provider) == DatabaseProvider.Postgres
            ? await PostgresTestDatabase.CreateAsync()
            : await SqliteTestDatabase.CreateAsync();

    /// <summary>A copy of another test database of the same provider: cheaper than seeding the same data again.</summary>
    public static async Task<ITestDatabase> CopyOfAsync(ITestDatabase source) => source switch
    {
        PostgresTestDatabase postgres => await PostgresTestDatabase.CopyOfAsync(postgres),
        SqliteTestDatabase sqlite => SqliteTestDatabase.CopyOf(sqlite),
        _ => throw new ArgumentOutOfRangeException(nameof(source), source.GetType().Name, "Not a test database."),
    };
}
