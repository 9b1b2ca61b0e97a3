using BackorderDesk.Data.Seed;
using BackorderDesk.Features.Verify;
using BackorderDesk.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>A test database seeded with a demo profile on a fixed day, with the seeder and verifier that go with it.</summary>
public class SeededWarehouse(DemoProfile profile) : IAsyncLifetime
{
    /// <summary>The fixed "now" of every seeded test warehouse.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 8, 30, 0, TimeSpan.Zero);

    public static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public DemoProfile Profile { get; } = profile;

    public SqliteTestDatabase Database { get; private set; } = null!;

    public TimeSpan SeedTime { get; private set; }

    public static DemoSeeder Seeder(SqliteTestDatabase database) =>
        new(database, new FakeTimeProvider(Now), Options.Create(new BackorderDeskOptions()), NullLogger<DemoSeeder>.Instance);

    public static WarehouseVerifier Verifier(SqliteTestDatabase database) => new(database, new FakeTimeProvider(Now));

    public async ValueTask InitializeAsync()
    {
        Database = await SqliteTestDatabase.CreateAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Seeder(Database).SeedIfEmptyAsync(Profile, TestContext.Current.CancellationToken);
        SeedTime = clock.Elapsed;
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

public sealed class DefaultWarehouse() : SeededWarehouse(DemoProfile.Default);

public sealed class SmallWarehouse() : SeededWarehouse(DemoProfile.Small);
