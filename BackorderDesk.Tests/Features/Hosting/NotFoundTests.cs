using System.Net;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Hosting;

public sealed class NotFoundTests
{
    [Theory]
    [InlineData("/no-such-page")]
    [InlineData("/stock/extra/segments/here")]
    public async Task An_unknown_address_answers_404_with_the_apps_not_found_page_inside_the_layout(string address)
    {
        await using var factory = new DeskTestHost();
        using var client = await factory.CreateSignedInClientAsync(DeskRoles.Manager);

        var response = await client.GetAsync(address, TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>Not found · BackorderDesk</title>", html, StringComparison.Ordinal);
        Assert.Contains("Page not found", html, StringComparison.Ordinal);
        // Inside the layout: the navigation and the main landmark are there, with a way on.
        Assert.Contains("<nav", html, StringComparison.Ordinal);
        Assert.Contains("<main", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_address_sends_an_anonymous_visitor_to_sign_in_first()
    {
        await using var factory = new DeskTestHost();
        using var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync("/no-such-page", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/sign-in?ReturnUrl=", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_route_still_answers_a_problem_404()
    {
        await using var factory = new DeskTestHost();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", DeskTestHost.IntegrationKey);

        var response = await client.GetAsync("/api/no-such-thing", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<html", body, StringComparison.OrdinalIgnoreCase);
    }
}
