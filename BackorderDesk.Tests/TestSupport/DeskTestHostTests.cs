using System.Net;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.TestSupport;

public sealed class DeskTestHostTests
{
    [Fact]
    public async Task App_runs_on_the_hosts_temp_database_and_its_clock_and_disposing_deletes_the_files()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        string path;
        await using (var host = new DeskTestHost { Time = clock })
        {
            path = host.DatabasePath;
            using var client = host.CreateClient();

            var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.True(File.Exists(path), $"The app did not create its database at {path}.");
            await using var db = await host.CreateDbContextAsync(TestContext.Current.CancellationToken);
            Assert.Equal(path, db.Database.GetDbConnection().DataSource);

            var appClock = host.Services.GetRequiredService<TimeProvider>();
            clock.Advance(TimeSpan.FromDays(2));
            Assert.Same(clock, appClock);
            Assert.Equal(new DateTimeOffset(2026, 3, 4, 9, 0, 0, TimeSpan.Zero), appClock.GetUtcNow());
        }

        Assert.False(File.Exists(path), "The temp database outlived its host.");
        Assert.False(File.Exists(path + "-wal"), "The database's WAL file outlived its host.");
    }

    [Fact]
    public async Task A_pooled_host_deletes_its_database_too()
    {
        var host = new DeskTestHost { PooledConnections = true };
        using (var client = host.CreateClient())
        {
            (await client.GetAsync("/healthz", TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
        }

        Assert.True(File.Exists(host.DatabasePath));

        await host.DisposeAsync();

        Assert.False(File.Exists(host.DatabasePath));
        Assert.False(File.Exists(host.DatabasePath + "-wal"));
    }

    [Theory]
    [InlineData(DeskTestHost.IntegrationKey, true)]
    [InlineData(DeskTestHost.ReadOnlyKey, true)]
    [InlineData("not-a-key", false)]
    public async Task Configured_api_keys_authenticate(string key, bool accepted)
    {
        await using var host = new DeskTestHost();
        await using var scope = host.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;

        var result = await scope.ServiceProvider.GetRequiredService<IAuthenticationService>()
            .AuthenticateAsync(http, ApiKeyAuthenticationHandler.SchemeName);

        Assert.Equal(accepted, result.Succeeded);
    }

    [Fact]
    public async Task Rate_limits_are_generous_unless_the_real_ones_are_asked_for_and_extra_settings_win()
    {
        await using var generous = new DeskTestHost();
        await using var real = new DeskTestHost { RealRateLimits = true };
        await using var tuned = new DeskTestHost { Settings = { ["BackorderDesk:RateLimits:SignInPerMinute"] = "7" } };

        static RateLimitOptions Limits(DeskTestHost host) =>
            host.Services.GetRequiredService<IConfiguration>().GetSection("BackorderDesk:RateLimits").Get<RateLimitOptions>() ?? new();

        Assert.Equal(100_000, Limits(generous).SignInPerMinute);
        Assert.Equal(new RateLimitOptions().SignInPerMinute, Limits(real).SignInPerMinute);
        Assert.Equal(7, Limits(tuned).SignInPerMinute);
        Assert.Equal(100_000, Limits(tuned).AnonymousPerMinute);
    }

    [Fact]
    public async Task A_host_started_on_a_real_port_answers_a_plain_http_client()
    {
        await using var host = new DeskTestHost();
        using var client = new HttpClient { BaseAddress = host.StartOnRealPort() };

        var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(client.BaseAddress.IsLoopback, $"{client.BaseAddress} is not a loopback address.");
    }
}
