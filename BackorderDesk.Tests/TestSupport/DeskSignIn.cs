using System.Net;
using System.Text.RegularExpressions;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// Signing in as the Development demo users (one per role: <c>admin</c>, <c>manager</c>, <c>receiver</c>,
/// <c>agent</c>, <c>planner</c>) through the real sign-in form, antiforgery token and all.
/// </summary>
public static partial class DeskSignIn
{
    /// <summary>The demo password <see cref="DeskTestHost"/> configures.</summary>
    public const string Password = "test-demo-password-2026";

    /// <summary>The demo user of a role (<see cref="DeskRoles"/>).</summary>
    public static string UserName(string role) => role.ToLowerInvariant();

    /// <summary>
    /// Test hosts: the demo password, and cheap password hashing (the default 100,000 PBKDF2 rounds per
    /// demo user would add seconds to every test host; the algorithm is the same).
    /// </summary>
    public static void ConfigureTestHost(IWebHostBuilder builder)
    {
        builder.UseSetting($"{BackorderDeskOptions.Section}:DemoPassword", Password);
        builder.ConfigureTestServices(services => services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000));
    }

    /// <summary>A client (cookies kept, redirects not followed) signed in as the demo user of <paramref name="role"/>.</summary>
    public static async Task<HttpClient> CreateSignedInClientAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, string role)
        where TEntryPoint : class
    {
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        await SignInAsync(client, UserName(role), Password);
        return client;
    }

    /// <summary>
    /// Signs in as the demo user of <paramref name="role"/> and returns the <c>Cookie</c> header value
    /// the sign-in set, for clients that cannot share a cookie container (e.g. a hub connection).
    /// </summary>
    public static async Task<string> SignInCookieAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, string role)
        where TEntryPoint : class
    {
        var cookies = new CookieContainer();
        using var client = factory.CreateDefaultClient(new CookieContainerHandler(cookies));
        await SignInAsync(client, UserName(role), Password);
        return cookies.GetCookieHeader(client.BaseAddress!);
    }

    /// <summary>Posts the sign-in form; throws unless it signed in (a redirect away from the sign-in page).</summary>
    public static async Task SignInAsync(HttpClient client, string userName, string password)
    {
        var response = await PostSignInAsync(client, userName, password);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Signing in as {userName} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    /// <summary>Gets the sign-in form for its antiforgery token, then posts it with the given user name and password.</summary>
    public static async Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string userName, string password)
    {
        var token = AntiforgeryTokenOf(await client.GetStringAsync(DeskAuthentication.SignInPath));
        return await client.PostAsync(DeskAuthentication.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["_handler"] = "sign-in",
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        }));
    }

    /// <summary>The antiforgery token of a server-rendered form page.</summary>
    public static string AntiforgeryTokenOf(string form)
    {
        var input = TokenInput().Match(form);
        var value = input.Success ? ValueAttribute().Match(input.Value) : input;
        return value.Success
            ? WebUtility.HtmlDecode(value.Groups[1].Value)
            : throw new InvalidOperationException("The page has no antiforgery token.");
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex TokenInput();

    [GeneratedRegex("value=\"([^\"]*)\"")]
    private static partial Regex ValueAttribute();
}
