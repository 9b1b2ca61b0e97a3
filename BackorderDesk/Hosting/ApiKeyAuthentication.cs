using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using BackorderDesk.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Hosting;

/// <summary>
/// Authenticates <c>X-Api-Key</c> (or <c>?apiKey=</c> for hub connections) against the configured keys,
/// then against the keys created in the UI (by hash, through <see cref="ApiKeyDirectory"/>).
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IOptionsMonitor<BackorderDeskOptions> desk,
    ApiKeyDirectory directory)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";

    /// <summary>Whether the request carries a key (the header, or <c>?apiKey=</c> on a hub connection); if so, only the key decides.</summary>
    public static bool IsPresented(HttpRequest request) => !string.IsNullOrEmpty(Presented(request));

    private static string? Presented(HttpRequest request)
    {
        string? presented = request.Headers[HeaderName];
        if (string.IsNullOrEmpty(presented) && request.Path.StartsWithSegments("/hubs"))
        {
            presented = request.Query["apiKey"];
        }

        return presented;
    }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);

        if (string.IsNullOrEmpty(presented))
        {
            return AuthenticateResult.NoResult();
        }

        var configured = desk.CurrentValue.ApiKeys.FirstOrDefault(k => FixedTimeEquals(k.Key, presented));
        var match = configured is not null
            ? new ApiKeyMatch(configured.Name, configured.Role)
            : await directory.FindAsync(presented, Context.RequestAborted);
        if (match is null || !ApiRoles.All.Contains(match.Role))
        {
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, match.Name), new Claim(ClaimTypes.Role, match.Role)],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) => WriteUnauthorizedAsync(Context);

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) => WriteForbiddenAsync(Context);

    /// <summary>401 as a problem: no key, a wrong key, or no sign-in.</summary>
    public static async Task WriteUnauthorizedAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(
            statusCode: 401,
            title: $"Send a valid API key in the {HeaderName} header.",
            detail: "The key is missing, not known or revoked. Keys and their roles are configured under BackorderDesk:ApiKeys or created by an Admin on the API keys page.")
            .ExecuteAsync(context);
    }

    /// <summary>403 as a problem: the key's or the person's role may not do this.</summary>
    public static async Task WriteForbiddenAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        var role = context.User.FindFirstValue(ClaimTypes.Role);
        var isKey = context.User.Identity?.AuthenticationType == SchemeName;
        await Results.Problem(
            statusCode: 403,
            title: isKey ? $"The API key's role ({role}) may not do this." : $"Your role ({role ?? "none"}) may not do this.",
            detail: isKey
                ? "Integration keys may call everything; Scanner keys may post receipts and read; ReadOnly keys may only read."
                : "Signed-in Admins, Managers and Planners may read through the API; changes through the API need an API key.")
            .ExecuteAsync(context);
    }

    private static bool FixedTimeEquals(string expected, string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(presented));
}
