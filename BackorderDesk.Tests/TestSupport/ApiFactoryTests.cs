using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.TestSupport;

public sealed class ApiFactoryTests
{
    [Fact]
    public async Task A_fake_clock_given_to_the_factory_is_the_apps_time_provider()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        await using var factory = new ApiFactory { Time = clock };

        var appClock = factory.Services.GetRequiredService<TimeProvider>();
        clock.Advance(TimeSpan.FromDays(2));

        Assert.Same(clock, appClock);
        Assert.Equal(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero), appClock.GetUtcNow());
    }

    [Fact]
    public async Task Disposing_the_factory_deletes_its_database_file()
    {
        var factory = new ApiFactory();
        using (var client = factory.CreateClient())
        {
            (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        Assert.True(File.Exists(factory.DatabasePath));

        await factory.DisposeAsync();

        Assert.False(File.Exists(factory.DatabasePath));
        Assert.False(File.Exists(factory.DatabasePath + "-wal"));
    }
}
