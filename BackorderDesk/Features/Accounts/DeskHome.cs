using System.Security.Claims;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Accounts;

/// <summary>Where a person starts: the page their role is there for.</summary>
public static class DeskHome
{
    public static string For(IEnumerable<string> roles)
    {
        var set = roles.ToHashSet(StringComparer.Ordinal);
        if (set.Contains(DeskRoles.Admin) || set.Contains(DeskRoles.Manager) || set.Contains(DeskRoles.Planner))
        {
            return "/";
        }

        if (set.Contains(DeskRoles.Receiver))
        {
            return "/receiving";
        }

        return set.Contains(DeskRoles.Agent) ? "/customer-service" : "/";
    }

    public static string For(ClaimsPrincipal user) => For(user.FindAll(ClaimTypes.Role).Select(c => c.Value));
}
