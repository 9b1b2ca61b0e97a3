using System.Net;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Hosting;

public sealed class HealthEndpointTests
{
    [Fact]
    public async Task Healthz_answers_200_without_an_api_key_when_the_database_answers()
    {
        await using var factory = new DeskTestHost();
        using var client = factory.CreateClient();

        var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Healthz_answers_503_when_the_database_file_is_no_longer_a_database()
    {
        await using var factory = new DeskTestHost();
        using var client = factory.CreateClient();
        var before = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);

        // The running app's storage is overwritten (a bad restore, a full disk's torn write): SQLite
        // now refuses to open it. The factory's connections are not pooled, so the next check opens it afresh.
        await File.WriteAllTextAsync(factory.DatabasePath, new string('x', 4096), TestContext.Current.CancellationToken);

        var after = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, after.StatusCode);
        Assert.Equal("Unhealthy", await after.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }
}
