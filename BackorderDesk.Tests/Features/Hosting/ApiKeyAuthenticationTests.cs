using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Hosting;

/// <summary>
/// The API-key scheme and the API policies, exercised through two probe routes that exist only in
/// this test host: one requires <see cref="Policies.ApiRead"/>, the other <see cref="Policies.ApiIntegration"/>.
/// </summary>
public sealed class ApiKeyAuthenticationTests(ApiKeyAuthenticationTests.ProbeHost host) : IClassFixture<ApiKeyAuthenticationTests.ProbeHost>
{
    // Under /api: outside it an anonymous request is a page visit and is sent to the sign-in page.
    private const string ReadRoute = "/api/test-probe/read";
    private const string IntegrationRoute = "/api/test-probe/integration";

    private readonly DeskTestHost _host = host;

    /// <summary>The test host with two probe routes; one app for the class, as the probes store nothing.</summary>
    public sealed class ProbeHost : DeskTestHost
    {
        public ProbeHost() => TestServices = services => services.AddTransient<IStartupFilter, ProbeRoutes>();
    }

    [Fact]
    public async Task A_request_without_a_key_gets_401_problem_details_that_say_to_send_X_Api_Key()
    {
        using var client = _host.CreateClient();

        var response = await client.GetAsync(ReadRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.Equal(401, problem.Status);
        Assert.Contains("X-Api-Key", problem.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_with_an_unknown_key_gets_401()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "not-a-configured-key");

        var response = await client.GetAsync(ReadRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.Contains("X-Api-Key", problem.Title, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApiRoles.Integration)]
    [InlineData(ApiRoles.Scanner)]
    [InlineData(ApiRoles.ReadOnly)]
    public async Task Every_configured_key_may_read(string role)
    {
        using var client = CreateClient(role);

        var response = await client.GetAsync(ReadRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"read as {role}", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(ApiRoles.ReadOnly)]
    [InlineData(ApiRoles.Scanner)]
    public async Task A_key_whose_role_may_not_call_an_integration_route_gets_403_problem_details_naming_the_role(string role)
    {
        using var client = CreateClient(role);

        var response = await client.GetAsync(IntegrationRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var problem = await ReadProblemAsync(response);
        Assert.Equal(403, problem.Status);
        Assert.Contains(role, problem.Title, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_integration_key_may_call_an_integration_route()
    {
        using var client = CreateClient(ApiRoles.Integration);

        var response = await client.GetAsync(IntegrationRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("integration as Integration", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_development_demo_key_is_not_accepted_when_the_configuration_lists_other_keys()
    {
        using var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, "demo-integration-key");

        var response = await client.GetAsync(ReadRoute, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private HttpClient CreateClient(string role)
    {
        var client = _host.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, DeskTestHost.KeyFor(role));
        return client;
    }

    private static async Task<ProblemDetails> ReadProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(TestContext.Current.CancellationToken);
        Assert.NotNull(problem);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        return problem;
    }

    /// <summary>Adds the probe routes to the app's own endpoints, behind its authentication and authorization middleware.</summary>
    private sealed class ProbeRoutes : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.UseEndpoints(endpoints =>
            {
                endpoints.MapGet(ReadRoute, (HttpContext http) => $"read as {Role(http)}").RequireAuthorization(Policies.ApiRead);
                endpoints.MapGet(IntegrationRoute, (HttpContext http) => $"integration as {Role(http)}").RequireAuthorization(Policies.ApiIntegration);
            });
        };

        private static string? Role(HttpContext http) =>
            http.User.FindFirstValue(ClaimTypes.Role);
    }
}
