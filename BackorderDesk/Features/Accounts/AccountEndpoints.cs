using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace BackorderDesk.Features.Accounts;

public static class AccountEndpoints
{
    /// <summary><c>POST /account/sign-out</c>: a form post with the antiforgery token (the app bar's Sign out button).</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        // The build-time generator cannot bind a form to a record; this one handler is built at start-up.
#pragma warning disable RDG003
        app.MapPost(DeskAuthentication.SignOutPath, async ([FromForm] SignOutForm form, SignInManager<DeskUser> signIn, ILogger<SignOutForm> log, HttpContext http) =>
        {
            var name = http.User.Identity?.Name;
            await signIn.SignOutAsync();
            log.LogInformation("{UserName} signed out.", name);
            return TypedResults.LocalRedirect($"{DeskAuthentication.SignInPath}?signedOut=true");
        })
        .AllowAnonymous()
        .ExcludeFromDescription();
#pragma warning restore RDG003
        return app;
    }

    /// <summary>The sign-out form has no fields of its own besides the antiforgery token.</summary>
    public sealed record SignOutForm(string? ReturnUrl);
}
