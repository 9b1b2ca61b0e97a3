using System.Net;
using BackorderDesk.Data;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Hosting;

public sealed class BackorderDeskFactoryTests
{
    [Fact]
    public async Task App_runs_on_the_factory_temp_database_and_its_clock()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        string path;
        await using (var factory = new BackorderDeskFactory { Time = clock })
        {
            path = factory.DatabasePath;
            using var client = factory.CreateClient();

            var health = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            Assert.True(File.Exists(path), $"The app did not create its database at {path}.");
            var contexts = factory.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>();
            await using var db = await contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
            Assert.Equal(path, db.Database.GetDbConnection().DataSource);
            Assert.Same(clock, factory.Services.GetRequiredService<TimeProvider>());
        }

        Assert.False(File.Exists(path), "The temp database outlived its factory.");
    }

    [Theory]
    [InlineData(BackorderDeskFactory.IntegrationKey, true)]
    [InlineData(BackorderDeskFactory.ReadOnlyKey, true)]
    [InlineData("not-a-key", false)]
    public async Task Configured_api_keys_authenticate(string key, bool accepted)
    {
        await using var factory = new BackorderDeskFactory();
        await using var scope = factory.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Headers[ApiKeyAuthenticationHandler.HeaderName] = key;

        var result = await scope.ServiceProvider.GetRequiredService<IAuthenticationService>()
            .AuthenticateAsync(http, ApiKeyAuthenticationHandler.SchemeName);

        Assert.Equal(accepted, result.Succeeded);
    }
}
