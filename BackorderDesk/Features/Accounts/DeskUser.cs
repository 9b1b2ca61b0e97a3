using Microsoft.AspNetCore.Identity;

namespace BackorderDesk.Features.Accounts;

/// <summary>A person who signs in to the desk. Each has exactly one of the <see cref="Hosting.DeskRoles"/>.</summary>
public sealed class DeskUser : IdentityUser
{
    /// <summary>The name shown on timelines and in the audit trail, e.g. "Ana Lopez".</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>A disabled user cannot sign in, and loses open pages and hub connections within a minute.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>What timelines and the audit trail call this person.</summary>
    public string ShownName => DisplayName.Length > 0 ? DisplayName : UserName ?? "";
}
