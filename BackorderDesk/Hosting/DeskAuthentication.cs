using System.Security.Claims;
using BackorderDesk.Features.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Hosting;

/// <summary>
/// Who is calling: a request with an API key (header, or <c>?apiKey=</c> on a hub connection) is
/// judged by its key; anything else by the sign-in cookie of ASP.NET Core Identity. Under /api and
/// /hubs a missing or refused identity is a problem (401/403); on pages it is the sign-in page or
/// the app's own "no access" page (403).
/// </summary>
public static class DeskAuthentication
{
    public const string Scheme = "Desk";
    public const string SignInPath = "/account/sign-in";
    public const string SignOutPath = "/account/sign-out";
    public const string SetupPath = "/account/setup";

    /// <summary>Lockout after this many failed passwords in a row.</summary>
    public const int MaxFailedSignIns = AccountsRegistration.MaxFailedSignIns;

    public const int MinPasswordLength = AccountsRegistration.MinPasswordLength;

    public static IServiceCollection AddDeskAuthentication(this IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
                o.DefaultForbidScheme = Scheme;
                o.DefaultSignInScheme = IdentityConstants.ApplicationScheme;
            })
            .AddPolicyScheme(Scheme, "API key or signed-in user", o => o.ForwardDefaultSelector = context =>
                ApiKeyAuthenticationHandler.IsPresented(context.Request) ? ApiKeyAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();

        services.AddDeskUsers()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<DeskClaimsPrincipalFactory>()
            .AddDefaultTokenProviders();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "BackorderDesk.SignIn";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.LoginPath = SignInPath;
            o.LogoutPath = SignOutPath;
            o.AccessDeniedPath = "/account/no-access";
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.Events.OnRedirectToLogin = RedirectToSignInAsync;
            o.Events.OnRedirectToAccessDenied = ForbidAsync;
        });

        // The cookie's security stamp is re-checked at least every minute, so a disabled user's
        // cookie stops working within a minute; open circuits are re-checked by the state provider.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddScoped<AuthenticationStateProvider, DeskAuthenticationStateProvider>();
        services.AddScoped<DeskAccess>();
        return services;
    }

    private static bool IsApi(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs");

    private static Task RedirectToSignInAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            return ApiKeyAuthenticationHandler.WriteUnauthorizedAsync(context.HttpContext);
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }

    private static Task ForbidAsync(RedirectContext<CookieAuthenticationOptions> context)
    {
        if (IsApi(context.Request))
        {
            return ApiKeyAuthenticationHandler.WriteForbiddenAsync(context.HttpContext);
        }

        // A page the role may not open answers 403; the status-code pages render the app's "no access" page.
        context.Response.StatusCode = StatusCodes.Status403Forbidden;
        return Task.CompletedTask;
    }
}

/// <summary>Adds the display name to the sign-in cookie, so timelines can name the person.</summary>
internal sealed class DeskClaimsPrincipalFactory(UserManager<DeskUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<DeskUser, IdentityRole>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DeskUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DeskActor.DisplayNameClaim, user.ShownName));
        return identity;
    }
}

/// <summary>
/// The circuit's user, re-checked every 30 seconds: a user who was disabled, deleted or whose security
/// stamp changed (password reset, role change, disable) is signed out of the open pages.
/// </summary>
internal sealed class DeskAuthenticationStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(30);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var principal = authenticationState.User;
        if (principal.Identity?.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        {
            return true;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
        return await DeskUserValidity.IsCurrentAsync(users, principal, options.Value);
    }
}

/// <summary>Whether a principal still stands for an enabled user with the same security stamp.</summary>
public static class DeskUserValidity
{
    public static async Task<bool> IsCurrentAsync(UserManager<DeskUser> users, ClaimsPrincipal principal, IdentityOptions options)
    {
        var user = await users.GetUserAsync(principal);
        if (user is null || user.IsDisabled)
        {
            return false;
        }

        var stamp = principal.FindFirstValue(options.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await users.GetSecurityStampAsync(user);
    }
}
