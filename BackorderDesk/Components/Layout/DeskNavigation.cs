using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using MudBlazor;

namespace BackorderDesk.Components.Layout;

/// <summary>One section of the desk: where it is, what it is called, and the policy that lets a person open it.</summary>
public sealed record DeskNavigationEntry(string Href, string Title, string Icon, string Policy, bool CarriesClient = false, bool MatchAll = false);

/// <summary>
/// The desk's sections in menu order. The menu shows a person only the sections their role may open;
/// the pages enforce the same policies on the server.
/// </summary>
public static class DeskNavigation
{
    public static readonly IReadOnlyList<DeskNavigationEntry> Entries =
    [
        new("/", "Dashboard", Icons.Material.Outlined.Dashboard, Policies.Dashboard, CarriesClient: true, MatchAll: true),
        new("receiving", "Receiving", Icons.Material.Outlined.MoveToInbox, Policies.Receive),
        new("backorders", "Backorders", Icons.Material.Outlined.PendingActions, Policies.ViewBackorders, CarriesClient: true),
        new("stock", "Stock", Icons.Material.Outlined.Inventory2, Policies.ViewStock, CarriesClient: true),
        new("purchase-orders", "Purchase orders", Icons.Material.Outlined.LocalShipping, Policies.ViewPlanning),
        new("suppliers", "Suppliers", Icons.Material.Outlined.Factory, Policies.ViewPlanning),
        new("customer-service", "Customer service", Icons.Material.Outlined.SupportAgent, Policies.Desk),
        new("planning", "Planning", Icons.Material.Outlined.QueryStats, Policies.ViewPlanning),
        new("admin/users", "Users", Icons.Material.Outlined.ManageAccounts, Policies.Admin),
        new("admin/api-keys", "API keys", Icons.Material.Outlined.VpnKey, Policies.Admin),
        new("audit", "Audit trail", Icons.Material.Outlined.History, Policies.Admin),
    ];

    /// <summary>The sections the current person may open, in menu order.</summary>
    public static async Task<IReadOnlyList<DeskNavigationEntry>> AllowedAsync(DeskAccess access)
    {
        var allowed = new List<DeskNavigationEntry>();
        foreach (var entry in Entries)
        {
            if (await access.CanAsync(entry.Policy))
            {
                allowed.Add(entry);
            }
        }

        return allowed;
    }
}
