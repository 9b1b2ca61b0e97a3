using System.Security.Claims;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Accounts;

/// <summary>
/// Who makes a change: a signed-in person, an API key, or the system. Timelines show
/// <see cref="DisplayName"/>; the audit trail keeps both names.
/// </summary>
public sealed record DeskActor(string UserName, string DisplayName)
{
    /// <summary>The claim that carries a signed-in person's display name.</summary>
    public const string DisplayNameClaim = "backorderdesk:display_name";

    public static readonly DeskActor System = new("system", "system");

    /// <summary>The actor of a request or circuit: its signed-in user, its API key (<c>api:name</c>), or <see cref="System"/>.</summary>
    public static DeskActor From(ClaimsPrincipal? user)
    {
        if (user?.Identity is not { IsAuthenticated: true, Name: { Length: > 0 } name } identity)
        {
            return System;
        }

        if (identity.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName)
        {
            return new DeskActor($"api:{name}", $"api:{name}");
        }

        var display = user.FindFirstValue(DisplayNameClaim);
        return new DeskActor(name, display is { Length: > 0 } ? display : name);
    }

    public override string ToString() => DisplayName;
}
