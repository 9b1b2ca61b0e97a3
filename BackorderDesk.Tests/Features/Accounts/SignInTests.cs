using System.Net;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BackorderDesk.Tests.Features.Accounts;

/// <summary>The sign-in form, lockout, and who can sign in outside Development.</summary>
public sealed class SignInTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static HttpClient NoRedirects(WebApplicationFactory<Program> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static string? PathOf(Uri? location) => location is null ? null : location.IsAbsoluteUri ? location.AbsolutePath : location.OriginalString.Split('?')[0];

    [Fact]
    public async Task The_demo_user_of_each_role_signs_in_and_lands_on_their_roles_start_page()
    {
        await using var factory = new DeskTestHost();
        var expected = new Dictionary<string, string>
        {
            [DeskRoles.Admin] = "/",
            [DeskRoles.Manager] = "/",
            [DeskRoles.Planner] = "/",
            [DeskRoles.Receiver] = "/receiving",
            [DeskRoles.Agent] = "/customer-service",
        };
        foreach (var (role, start) in expected)
        {
            using var client = NoRedirects(factory);
            var answer = await DeskSignIn.PostSignInAsync(client, DeskSignIn.UserName(role), DeskSignIn.Password);
            Assert.Equal(HttpStatusCode.Redirect, answer.StatusCode);
            Assert.Equal(start, PathOf(answer.Headers.Location));
        }
    }

    [Fact]
    public async Task A_wrong_password_says_so_and_the_sixth_attempt_after_five_failures_is_locked_out_even_with_the_right_password()
    {
        await using var factory = new DeskTestHost();
        using var client = NoRedirects(factory);

        for (var i = 0; i < DeskAuthentication.MaxFailedSignIns; i++)
        {
            var wrong = await DeskSignIn.PostSignInAsync(client, "agent", "not-the-password-at-all");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            var page = await wrong.Content.ReadAsStringAsync(Ct);
            Assert.Contains(i < DeskAuthentication.MaxFailedSignIns - 1 ? "The user name or password is not right" : "locked", page, StringComparison.Ordinal);
        }

        var right = await DeskSignIn.PostSignInAsync(client, "agent", DeskSignIn.Password);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("This account is locked after 5 failed sign-ins", await right.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/customer-service", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused_and_signs_nobody_in()
    {
        await using var factory = new DeskTestHost();
        using var client = NoRedirects(factory);

        var answer = await client.PostAsync(DeskAuthentication.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["Input.UserName"] = "manager",
            ["Input.Password"] = DeskSignIn.Password,
        }), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Null(answer.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/", Ct)).StatusCode);
    }

    [Fact]
    public void A_return_address_on_another_site_is_ignored()
    {
        Assert.Null(SignInPage.LocalReturnUrl("https://evil.example/"));
        Assert.Null(SignInPage.LocalReturnUrl("//evil.example/x"));
        Assert.Null(SignInPage.LocalReturnUrl("/\\evil.example"));
        Assert.Equal("/stock?client=ACME", SignInPage.LocalReturnUrl("/stock?client=ACME"));
    }

    [Fact]
    public async Task Outside_development_there_are_no_demo_users_and_the_setup_page_creates_the_first_admin_once()
    {
        await using var factory = new DeskTestHost();
        await using var production = factory.WithWebHostBuilder(b => b.UseEnvironment("Production"));
        using var client = NoRedirects(production);

        await Assert.ThrowsAsync<InvalidOperationException>(() => DeskSignIn.SignInAsync(client, "manager", DeskSignIn.Password));

        var form = await client.GetStringAsync(DeskAuthentication.SetupPath, Ct);
        Assert.Contains("Set up the first admin", form, StringComparison.Ordinal);
        var created = await client.PostAsync(DeskAuthentication.SetupPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = DeskSignIn.AntiforgeryTokenOf(form),
            ["_handler"] = "setup",
            ["Input.UserName"] = "ana",
            ["Input.DisplayName"] = "Ana Lopez",
            ["Input.Password"] = "a-long-enough-secret",
            ["Input.ConfirmPassword"] = "a-long-enough-secret",
        }), Ct);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/users", Ct)).StatusCode);

        using var other = NoRedirects(production);
        var again = await other.GetAsync(DeskAuthentication.SetupPath, Ct);
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal(DeskAuthentication.SignInPath, PathOf(again.Headers.Location));
    }

    [Fact]
    public async Task Outside_development_the_app_refuses_to_start_with_the_documented_demo_password()
    {
        await using var factory = new DeskTestHost();
        await using var production = factory.WithWebHostBuilder(b => b
            .UseEnvironment("Production")
            .UseSetting("BackorderDesk:FirstAdmin:UserName", "boss")
            .UseSetting("BackorderDesk:FirstAdmin:Password", DeskUserSetup.DocumentedDemoPassword));

        var refused = Assert.ThrowsAny<Exception>(() => production.CreateClient());
        Assert.Contains("documented demo password", refused.ToString(), StringComparison.Ordinal);
    }
}
