namespace BackorderDesk.Hosting;

/// <summary>
/// Every endpoint and page names one of these policies. API callers get their role from their
/// API key; the desk pages will require a signed-in user with a role once sign-in exists.
/// </summary>
public static class Policies
{
    /// <summary>Read anything through the API or the hub (Integration, Scanner, ReadOnly).</summary>
    public const string ApiRead = nameof(ApiRead);

    /// <summary>Post receipts and call <c>Scan</c> on the hub (Integration, Scanner).</summary>
    public const string ApiScan = nameof(ApiScan);

    /// <summary>Everything in the API (Integration).</summary>
    public const string ApiIntegration = nameof(ApiIntegration);

    /// <summary>The warehouse desk pages.</summary>
    public const string Desk = nameof(Desk);

    /// <summary>Downloads linked from the desk pages (exports): an API key of any role, or without a key the desk policy.</summary>
    public const string DeskOrApiRead = nameof(DeskOrApiRead);
}

public static class ApiRoles
{
    public const string Integration = nameof(Integration);

    public const string Scanner = nameof(Scanner);

    public const string ReadOnly = nameof(ReadOnly);

    public static readonly string[] All = [Integration, Scanner, ReadOnly];
}
