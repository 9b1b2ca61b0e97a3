using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Hosting;

/// <summary>
/// Under /api every error is <c>application/problem+json</c> with a title, in the Production
/// environment too, and whatever the client says it accepts (a browser asks for HTML first).
/// </summary>
public sealed class ApiErrorShapeTests : IClassFixture<ApiErrorShapeTests.ProductionApp>
{
    private readonly ProductionApp _app;

    public ApiErrorShapeTests(ProductionApp app) => _app = app;

    public static TheoryData<string> Accepts => ["application/json", "text/html,application/xhtml+xml,*/*;q=0.8", ""];

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task An_unknown_route_is_a_problem_404(string accept)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/no-such-thing", accept);

        var title = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("No API route answers GET /api/no-such-thing; the routes are listed at /openapi/v1.json.", title);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task A_method_the_route_does_not_take_is_a_problem_405(string accept)
    {
        var response = await SendAsync(HttpMethod.Delete, "/api/kpis", accept);

        var title = await AssertProblemAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("/api/kpis does not take DELETE; the routes and their methods are listed at /openapi/v1.json.", title);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task A_body_that_is_not_json_is_a_problem_415(string accept)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/suppliers", accept, new StringContent("code=NORTH&name=Northwind", Encoding.UTF8, "application/x-www-form-urlencoded"));

        var title = await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("The request body must be JSON: send it with Content-Type: application/json.", title);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_1_mb_is_a_problem_413_with_or_without_a_content_length(bool withLength)
    {
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { code = "BIG", name = new string('x', 1_100_000) }));
        HttpContent content = withLength ? new ByteArrayContent(json) : new ChunkedContent(json);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await SendAsync(HttpMethod.Post, "/api/suppliers", "application/json", content);

        var title = await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("The request body is larger than 1 MB; send fewer lines per request.", title);
        await using var db = _app.CreateDbContext();
        Assert.DoesNotContain(db.Suppliers, s => s.Code == "BIG");
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task An_address_over_8_kb_is_a_problem_414(string accept)
    {
        var response = await SendAsync(HttpMethod.Get, "/api/kpis?client=" + new string('a', 8_200), accept);

        var title = await AssertProblemAsync(response, HttpStatusCode.RequestUriTooLong);
        Assert.Equal("The address is longer than 8,192 characters; send fewer or shorter query parameters.", title);
    }

    [Fact]
    public async Task An_address_just_under_the_limit_is_answered()
    {
        var response = await SendAsync(HttpMethod.Get, "/api/kpis?x=" + new string('a', 8_000), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(Accepts))]
    public async Task An_unexpected_failure_is_a_problem_500_with_a_trace_id_and_no_details(string accept)
    {
        var response = await SendAsync(HttpMethod.Get, FailingRoute.Path, accept);

        var title = await AssertProblemAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("The server failed to handle this request and nothing was changed; try again, and report it if it repeats.", title);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var problem = JsonDocument.Parse(body);
        Assert.False(string.IsNullOrWhiteSpace(problem.RootElement.GetProperty("traceId").GetString()));
        Assert.DoesNotContain(FailingRoute.Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(FailingRoute), body, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_opened_while_the_database_is_held_says_it_is_busy_instead_of_failing()
    {
        // Production has no demo users: a manager is set up, then signs in before the database is held.
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var created = await scope.ServiceProvider.GetRequiredService<BackorderDesk.Features.Accounts.DeskUserSetup>()
                .CreateAsync("manager", "Demo manager", DeskSignIn.Password, DeskRoles.Manager, BackorderDesk.Features.Accounts.DeskActor.System);
            Assert.NotNull(created.User);
        }

        using var client = await _app.CreateSignedInClientAsync(DeskRoles.Manager);
        await using (var holder = new Microsoft.Data.Sqlite.SqliteConnection(_app.ConnectionString))
        {
            await holder.OpenAsync(TestContext.Current.CancellationToken);
            await using var command = holder.CreateCommand();
            command.CommandText = "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM Skus;";
            await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);

            var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

            var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter?.Delta);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("another program is holding it", html, StringComparison.Ordinal);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string accept, HttpContent? content = null)
    {
        using var client = _app.CreateClient();
        using var request = new HttpRequestMessage(method, url) { Content = content };
        request.Headers.Add(ApiKeyAuthenticationHandler.HeaderName, DeskTestHost.IntegrationKey);
        if (accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static async Task<string?> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
        using var problem = JsonDocument.Parse(body);
        Assert.Equal((int)status, problem.RootElement.GetProperty("status").GetInt32());
        return problem.RootElement.GetProperty("title").GetString();
    }

    /// <summary>The app as it runs in Production, with one extra route that fails the way a bug would.</summary>
    public sealed class ProductionApp : DeskTestHost
    {
        public ProductionApp()
        {
            Environment = "Production";
            TestServices = services => services.AddTransient<IStartupFilter, FailingRoute>();
        }
    }

    /// <summary>
    /// A request to <see cref="Path"/> throws inside the app's pipeline (after its own middleware, where
    /// a request no endpoint answers goes on), as an unexpected bug would.
    /// </summary>
    private sealed class FailingRoute : IStartupFilter
    {
        public const string Path = "/api/test-only/failure";
        public const string Secret = "connection secret 42";

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Use((context, nextMiddleware) => context.Request.Path == Path
                ? throw new InvalidOperationException(Secret)
                : nextMiddleware(context));
        };
    }

    /// <summary>A body of unknown length: sent chunked, without Content-Length.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
