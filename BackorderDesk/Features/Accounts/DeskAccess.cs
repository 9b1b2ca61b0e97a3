using System.Security.Claims;
using BackorderDesk.Domain;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;

namespace BackorderDesk.Features.Accounts;

/// <summary>
/// The circuit's check before an action: the current person must satisfy the action's policy, on the
/// server, whatever the page showed. Refusals are <see cref="DomainException"/>s, so a page shows them
/// where it shows any other refusal, and nothing changes.
/// </summary>
public sealed class DeskAccess(AuthenticationStateProvider authentication, IAuthorizationService authorization)
{
    /// <summary>The person doing the action, once their role is allowed to; otherwise a refusal that names the role.</summary>
    public async Task<DeskActor> RequireAsync(string policy)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        if (!(await authorization.AuthorizeAsync(user, policy)).Succeeded)
        {
            var role = user.FindFirstValue(ClaimTypes.Role);
            throw new DomainException(
                role is null
                    ? "You are signed out. Sign in again, then repeat this."
                    : $"Your role ({role}) may not do this. Ask a manager or an admin.",
                "role");
        }

        return DeskActor.From(user);
    }

    /// <summary>Whether the current person may do what <paramref name="policy"/> guards (to show or hide an action).</summary>
    public async Task<bool> CanAsync(string policy)
    {
        var user = (await authentication.GetAuthenticationStateAsync()).User;
        return (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    /// <summary>The current person, without a check (for reads that only need a name).</summary>
    public async Task<DeskActor> CurrentAsync() => DeskActor.From((await authentication.GetAuthenticationStateAsync()).User);
}
