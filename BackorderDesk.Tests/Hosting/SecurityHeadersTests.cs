using System.Net;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Hosting;

public sealed class SecurityHeadersTests : IAsyncDisposable
{
    private readonly DeskTestHost _api = new();

    public ValueTask DisposeAsync() => _api.DisposeAsync();

    public static TheoryData<string, string?> Answers => new()
    {
        { "/api/clients/DEFAULT", DeskTestHost.ReadOnlyKey },   // 200 JSON
        { "/api/clients/DEFAULT", null },                     // 401 problem
        { "/api/no-such-route", DeskTestHost.ReadOnlyKey },     // 404 problem
        { "/healthz", null },
        { "/favicon.svg", null },                             // static file
        { "/_framework/blazor.web.js", null },
        { "/no-such-page", null },                            // the not-found page (or sign-in)
        { "/", null },
    };

    [Theory]
    [MemberData(nameof(Answers))]
    public async Task Every_answer_carries_the_security_headers(string path, string? key)
    {
        using var client = _api.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }

        var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task The_error_page_after_an_exception_in_production_carries_the_security_headers()
    {
        // The exception handler clears the headers before it renders /Error; they must come back.
        await using var production = _api.WithWebHostBuilder(web => web
            .UseEnvironment("Production")
            .ConfigureTestServices(services => services.AddTransient<IStartupFilter, ThrowingRoute>()));
        using var client = production.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync(ThrowingRoute.Path, TestContext.Current.CancellationToken);

        Assert.True(response.StatusCode >= HttpStatusCode.InternalServerError || response.StatusCode == HttpStatusCode.Redirect, $"{response.StatusCode}");
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Production_over_https_sends_hsts_and_over_http_without_an_https_port_answers_without_redirecting()
    {
        await using var production = _api.WithWebHostBuilder(web => web.UseEnvironment("Production"));
        var ct = TestContext.Current.CancellationToken;

        using var https = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://desk.example/"), AllowAutoRedirect = false });
        var secure = await https.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
        Assert.Equal("max-age=31536000", Assert.Single(secure.Headers.GetValues("Strict-Transport-Security")));

        // Plain http gets no HSTS (browsers ignore it there) and, with no https port known, no redirect.
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://desk.example/"), AllowAutoRedirect = false });
        var plain = await http.GetAsync("/healthz", ct);
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Production_redirects_http_to_https_once_the_https_port_is_known()
    {
        await using var production = _api.WithWebHostBuilder(web => web
            .UseEnvironment("Production")
            .UseSetting("HTTPS_PORT", "443"));
        using var http = production.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://desk.example/"), AllowAutoRedirect = false });

        var response = await http.GetAsync("/stock?x=1", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal(new Uri("https://desk.example/stock?x=1"), response.Headers.Location);
    }

    [Fact]
    public async Task Development_sends_no_hsts_even_over_https()
    {
        using var https = _api.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://desk.example/") });

        var response = await https.GetAsync("/healthz", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
    }

    [Fact]
    public async Task Kestrel_sends_no_server_header_and_the_security_headers()
    {
        await using var kestrel = new DeskTestHost();
        using var client = new HttpClient { BaseAddress = kestrel.StartOnRealPort() };
        var ct = TestContext.Current.CancellationToken;

        foreach (var path in new[] { "/healthz", "/api/clients/DEFAULT", "/favicon.svg" })
        {
            var response = await client.GetAsync(path, ct);

            Assert.False(response.Headers.Contains("Server"), $"{path} sent Server: {string.Join(",", response.Headers.Server)}");
            AssertSecurityHeaders(response);
        }
    }

    internal static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = Single(response, "Content-Security-Policy");
        foreach (var directive in new[]
        {
            "default-src 'self'", "script-src 'self' 'nonce-", "style-src 'self' 'unsafe-inline'", "connect-src 'self'",
            "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors 'none'",
        })
        {
            Assert.Contains(directive, csp);
        }

        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", Single(response, "X-Content-Type-Options"));
        Assert.Equal("DENY", Single(response, "X-Frame-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Single(response, "Referrer-Policy"));
        Assert.Contains("camera=()", Single(response, "Permissions-Policy"));
    }

    private static string Single(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? Assert.Single(values)
            : throw new Xunit.Sdk.XunitException($"{(int)response.StatusCode} {response.RequestMessage?.RequestUri} has no {name} header.");

    /// <summary>A route past the app's own endpoints that throws, as a page bug would.</summary>
    private sealed class ThrowingRoute : IStartupFilter
    {
        public const string Path = "/test/throws";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Run(context => context.Request.Path == Path
                ? throw new InvalidOperationException("A test failure.")
                : Task.CompletedTask);
        };
    }
}
