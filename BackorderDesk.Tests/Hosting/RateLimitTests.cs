using System.Net;
using System.Security.Claims;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// Low limits make the 429 reachable in a few requests. No assertion depends on timing: each test
/// sends more requests than could pass even if a window or bucket refilled once in between.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = new()
    {
        Time = new FakeTimeProvider(CatalogHost.Start),
        Settings =
        {
            ["BackorderDesk:RateLimits:AnonymousPerMinute"] = "3",
            ["BackorderDesk:RateLimits:KeyPerSecond"] = "2",
            ["BackorderDesk:RateLimits:UserPerMinute"] = "4",
        },
    };

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_per_address_with_retry_after()
    {
        var anonymous = _app.CreateClientWithKey("wrong-key");
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
        var client = _app.CreateClientWithKey(null);
        for (var i = 0; i < 6; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetUrlAsync("/healthz")).StatusCode);
        }
    }

    [Fact]
    public async Task Pages_count_against_the_same_address_limit_as_the_api_and_get_a_short_page_with_retry_after()
    {
        var anonymous = _app.CreateClientWithKey("wrong-key");
        for (var i = 0; i < 3; i++)
        {
            await anonymous.GetUrlAsync("/api/skus/TENT-1");
        }

        var pages = new List<HttpResponseMessage>();
        for (var i = 0; i < 10; i++)
        {
            pages.Add(await anonymous.GetUrlAsync("/stock"));
        }

        // 13 requests from one address: even across a window boundary at most 6 pass.
        var limited = pages.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 4, 10);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After"));
        Assert.Equal("text/html", limited[0].Content.Headers.ContentType?.MediaType);
        Assert.Contains("Too many requests from this address", await limited[0].Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // The hub counts too (problem details there), static files and the framework's scripts never.
        var hub = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            hub.Add(await anonymous.PostAsync("/hubs/warehouse/negotiate?negotiateVersion=1", null, TestContext.Current.CancellationToken));
        }

        await hub.First(a => a.StatusCode == HttpStatusCode.TooManyRequests).ProblemAsync(429);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetUrlAsync("/_framework/blazor.web.js")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetUrlAsync("/favicon.svg")).StatusCode);
    }

    [Fact]
    public async Task Another_address_has_its_own_limit()
    {
        await using var app = WithTestIdentities(_app);
        var first = Client(app, address: "203.0.113.7");
        for (var i = 0; i < 10; i++)
        {
            await first.GetUrlAsync("/stock");
        }

        Assert.True(await AnyLimitedAsync(first), "The address was never limited.");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Client(app, address: "203.0.113.8").GetUrlAsync("/stock")).StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_on_the_same_machine_each_client_has_its_own_limit_and_a_direct_client_cannot_pass_for_another()
    {
        await using var app = WithTestIdentities(_app);

        // Through the proxy (loopback): the client's address comes from X-Forwarded-For.
        var first = Client(app, address: "127.0.0.1", forwardedFor: "203.0.113.7");
        for (var i = 0; i < 10; i++)
        {
            await first.GetUrlAsync("/stock");
        }

        Assert.True(await AnyLimitedAsync(first), "The forwarded client was never limited.");
        var second = Client(app, address: "127.0.0.1", forwardedFor: "203.0.113.8");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await second.GetUrlAsync("/stock")).StatusCode);

        // Straight from a client: its X-Forwarded-For is not believed, its own address counts.
        var direct = Client(app, address: "198.51.100.9", forwardedFor: "203.0.113.9");
        for (var i = 0; i < 10; i++)
        {
            await direct.GetUrlAsync("/stock");
        }

        Assert.True(await AnyLimitedAsync(Client(app, address: "198.51.100.9", forwardedFor: "203.0.113.10")), "A direct client escaped its limit by naming another address.");
    }

    [Fact]
    public async Task A_signed_in_user_has_a_limit_of_their_own_apart_from_the_address()
    {
        await using var app = WithTestIdentities(_app);
        var anonymous = Client(app);
        for (var i = 0; i < 10; i++)
        {
            await anonymous.GetUrlAsync("/stock");
        }

        Assert.True(await AnyLimitedAsync(anonymous), "The address was never limited.");

        // Same address, but signed in: the address's limit does not apply, the user's (4 a minute) does.
        var alice = Client(app, user: "alice");
        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add(await alice.GetUrlAsync("/stock"));
        }

        Assert.NotEqual(HttpStatusCode.TooManyRequests, answers[0].StatusCode);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 4, 8);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After"));
        Assert.Contains("You sent too many requests", await limited[0].Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        // Another user is not held back by Alice.
        Assert.NotEqual(HttpStatusCode.TooManyRequests, (await Client(app, user: "bob").GetUrlAsync("/stock")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_attempts_have_a_stricter_limit_per_address_than_other_requests()
    {
        await using var app = new DeskTestHost
        {
            Time = new FakeTimeProvider(CatalogHost.Start),
            Settings =
            {
                ["BackorderDesk:RateLimits:AnonymousPerMinute"] = "1000",
                ["BackorderDesk:RateLimits:SignInPerMinute"] = "2",
            },
        };
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var ct = TestContext.Current.CancellationToken;
        var attempts = new List<HttpResponseMessage>();
        for (var i = 0; i < 8; i++)
        {
            using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "admin", ["Password"] = $"guess-{i}" });
            attempts.Add(await client.PostAsync("/account/sign-in", form, ct));
        }

        Assert.NotEqual(HttpStatusCode.TooManyRequests, attempts[0].StatusCode);
        var limited = attempts.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 4, 6);
        Assert.All(limited, a => Assert.True(a.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 without Retry-After"));
        Assert.Contains("Too many sign-in attempts from this address", await limited[0].Content.ReadAsStringAsync(ct));

        // Opening the sign-in page and posting elsewhere are not sign-in attempts.
        for (var i = 0; i < 4; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.GetAsync("/account/sign-in", ct)).StatusCode);
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.PostAsync("/stock", null, ct)).StatusCode);
        }
    }

    /// <summary>
    /// Whether one of 4 more requests from an exhausted address is refused. At most one window ends
    /// during a test, and either it ended before them (4 requests, 3 permits) or among them (the
    /// ones before were in the exhausted window): either way one of them is refused.
    /// </summary>
    private static async Task<bool> AnyLimitedAsync(HttpClient client)
    {
        var limited = false;
        for (var i = 0; i < 4; i++)
        {
            limited |= (await client.GetUrlAsync("/stock")).StatusCode == HttpStatusCode.TooManyRequests;
        }

        return limited;
    }

    private static WebApplicationFactory<Program> WithTestIdentities(DeskTestHost app) =>
        app.WithWebHostBuilder(web => web.ConfigureTestServices(services => services.AddTransient<IStartupFilter, TestIdentities>()));

    private static HttpClient Client(WebApplicationFactory<Program> app, string? user = null, string? address = null, string? forwardedFor = null)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (forwardedFor is not null)
        {
            client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        }

        if (user is not null)
        {
            client.DefaultRequestHeaders.Add(TestIdentities.UserHeader, user);
        }

        if (address is not null)
        {
            client.DefaultRequestHeaders.Add(TestIdentities.AddressHeader, address);
        }

        return client;
    }

    /// <summary>
    /// Stands in for a sign-in cookie and for distinct client addresses: sets the user (an
    /// authenticated identity of a cookie-like scheme, as Identity's is) and the remote address
    /// before the app's pipeline runs. Authentication keeps the user when no key or cookie is sent.
    /// </summary>
    private sealed class TestIdentities : IStartupFilter
    {
        public const string UserHeader = "X-Test-User";
        public const string AddressHeader = "X-Test-Address";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers[UserHeader].ToString() is { Length: > 0 } user)
                {
                    context.User = new ClaimsPrincipal(new ClaimsIdentity(
                        [new Claim(ClaimTypes.NameIdentifier, user + "-id"), new Claim(ClaimTypes.Name, user)],
                        "Identity.Application"));
                }

                if (context.Request.Headers[AddressHeader].ToString() is { Length: > 0 } address)
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(address);
                }

                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
