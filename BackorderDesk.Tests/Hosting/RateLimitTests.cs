using System.Net;
using BackorderDesk.Tests.Features.Catalog;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// Low limits make the 429 reachable in a few requests. No assertion depends on timing: each test
/// sends more requests than could pass even if a window or bucket refilled once in between.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly CatalogApiFactory _app = new()
    {
        Settings =
        {
            ["BackorderDesk:RateLimits:AnonymousPerMinute"] = "3",
            ["BackorderDesk:RateLimits:KeyPerSecond"] = "2",
        },
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_per_address_with_retry_after()
    {
        var anonymous = _app.CreateClient("wrong-key");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await anonymous.GetUrlAsync("/api/skus/TENT-1"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, answers[0].StatusCode);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 4, 7);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After"));
        var body = await limited[0].ProblemAsync(429);
        Assert.Contains("Retry-After", body.GetProperty("title").GetString());

        // A valid key has its own limit.
        var keyed = await _app.Integration().GetUrlAsync("/api/skus/TENT-1");
        Assert.Equal(HttpStatusCode.NotFound, keyed.StatusCode);
    }

    [Fact]
    public async Task A_valid_key_past_its_limit_gets_429_with_retry_after()
    {
        var client = _app.ReadOnly();
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 40; i++)
        {
            answers.Add(await client.GetUrlAsync("/api/clients/DEFAULT"));
        }

        Assert.Equal(HttpStatusCode.OK, answers[0].StatusCode);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.NotEmpty(limited);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After"));
        await limited[0].ProblemAsync(429);
    }

    [Fact]
    public async Task Health_checks_are_not_limited()
    {
        var client = _app.CreateClient((string?)null);
        for (var i = 0; i < 6; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetUrlAsync("/healthz")).StatusCode);
        }
    }
}
