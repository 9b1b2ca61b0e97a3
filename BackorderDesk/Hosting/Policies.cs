namespace BackorderDesk.Hosting;

/// <summary>
/// Every page, action, export, endpoint and hub method names one of these policies; the roles each
/// admits are set in <see cref="PolicyRegistration"/> and listed in README's role table. A signed-in
/// person has one of the <see cref="DeskRoles"/>; an API caller gets one of the <see cref="ApiRoles"/> from its key.
/// </summary>
public static class Policies
{
    /// <summary>Read anything through the API or the hub: any API key, or a signed-in Admin, Manager or Planner.</summary>
    public const string ApiRead = nameof(ApiRead);

    /// <summary>Post receipts and call <c>Scan</c> on the hub (Integration, Scanner keys).</summary>
    public const string ApiScan = nameof(ApiScan);

    /// <summary>Everything in the API (Integration keys).</summary>
    public const string ApiIntegration = nameof(ApiIntegration);

    /// <summary>Any signed-in person, whatever the role (the shell, the not-found page).</summary>
    public const string SignedIn = nameof(SignedIn);

    /// <summary>The dashboard with KPIs and live activity (Admin, Manager, Planner).</summary>
    public const string Dashboard = nameof(Dashboard);

    /// <summary>Stock lists and SKU pages, read-only (Admin, Manager, Planner, Receiver).</summary>
    public const string ViewStock = nameof(ViewStock);

    /// <summary>Stock adjustments and counts (Admin, Manager).</summary>
    public const string AdjustStock = nameof(AdjustStock);

    /// <summary>The receiving page and its scans (Admin, Manager, Receiver).</summary>
    public const string Receive = nameof(Receive);

    /// <summary>Backorder queues, read-only (Admin, Manager, Planner).</summary>
    public const string ViewBackorders = nameof(ViewBackorders);

    /// <summary>Priority, hold and release from the backorder queue (Admin, Manager).</summary>
    public const string ManageQueue = nameof(ManageQueue);

    /// <summary>The customer-service desk: customers, orders, timelines (Admin, Manager, Agent).</summary>
    public const string Desk = nameof(Desk);

    /// <summary>Cancel, swap, hold, release, goodwill, notes, restock subscriptions and expedite requests (Admin, Manager, Agent).</summary>
    public const string DeskActions = nameof(DeskActions);

    /// <summary>Approve or decline expedite requests (Admin, Manager; never one's own request).</summary>
    public const string ApproveExpedite = nameof(ApproveExpedite);

    /// <summary>Planning, purchase orders and suppliers, read-only (Admin, Manager, Planner).</summary>
    public const string ViewPlanning = nameof(ViewPlanning);

    /// <summary>Planning overrides, creating and changing purchase orders, suppliers and SKU settings (Admin, Manager, Planner).</summary>
    public const string Plan = nameof(Plan);

    /// <summary>Excel exports of the desk's views (Admin, Manager, Planner; the stock export also Receiver).</summary>
    public const string Exports = nameof(Exports);

    /// <summary>Users, API keys, settings and the audit trail (Admin).</summary>
    public const string Admin = nameof(Admin);

    /// <summary>Downloads linked from the desk pages (exports): an API key of any role, or a signed-in person the export's policy admits.</summary>
    public const string DeskOrApiRead = nameof(DeskOrApiRead);
}

/// <summary>The roles of people who sign in to the desk.</summary>
public static class DeskRoles
{
    public const string Admin = nameof(Admin);

    public const string Manager = nameof(Manager);

    public const string Receiver = nameof(Receiver);

    public const string Agent = nameof(Agent);

    public const string Planner = nameof(Planner);

    public static readonly string[] All = [Admin, Manager, Receiver, Agent, Planner];
}

public static class ApiRoles
{
    public const string Integration = nameof(Integration);

    public const string Scanner = nameof(Scanner);

    public const string ReadOnly = nameof(ReadOnly);

    public static readonly string[] All = [Integration, Scanner, ReadOnly];
}
