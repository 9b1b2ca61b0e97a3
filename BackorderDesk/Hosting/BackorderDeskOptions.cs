namespace BackorderDesk.Hosting;

/// <summary>The <c>BackorderDesk</c> configuration section.</summary>
public sealed class BackorderDeskOptions
{
    public const string Section = "BackorderDesk";

    /// <summary>Seed the demo warehouse into an empty database at start-up.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary><c>Default</c> (~2,000 SKUs, ~20,000 orders) or <c>Large</c> (100,000 SKUs, 1,000,000 order lines).</summary>
    public string DemoProfile { get; set; } = "Default";

    /// <summary>Database provider; <c>Sqlite</c> is the embedded default.</summary>
    public string DatabaseProvider { get; set; } = "Sqlite";

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>Working days between receipt and shipment, added to every ETA.</summary>
    public int HandlingWorkingDays { get; set; } = 1;

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>How long a payment authorization taken at placement stays valid.</summary>
    public PaymentOptions Payments { get; set; } = new();

    public PlanningOptions Planning { get; set; } = new();
}

/// <summary>The <c>BackorderDesk:Planning</c> section: the nightly reorder-point recompute.</summary>
public sealed class PlanningOptions
{
    /// <summary>UTC time of day of the nightly recompute.</summary>
    public TimeOnly NightlyAt { get; set; } = new(2, 0);

    public bool NightlyEnabled { get; set; } = true;
}

/// <summary>The <c>BackorderDesk:RateLimits</c> section: limits on /api and /hubs.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a minute per client address without a valid API key.</summary>
    public int AnonymousPerMinute { get; set; } = 30;

    /// <summary>Requests a second per valid API key (a token bucket of this size, refilled every second).</summary>
    public int KeyPerSecond { get; set; } = 200;
}

/// <summary>The <c>BackorderDesk:Payments</c> section: authorization validity by customer type.</summary>
public sealed class PaymentOptions
{
    /// <summary>Card authorizations of consumers typically lapse after about a week.</summary>
    public int DtcAuthorizationDays { get; set; } = 7;

    /// <summary>B2B accounts are invoiced on terms; their credit approval lasts longer.</summary>
    public int B2bAuthorizationDays { get; set; } = 30;
}

public sealed class ApiKeyOptions
{
    public string Name { get; set; } = "";

    public string Key { get; set; } = "";

    /// <summary><c>Integration</c>, <c>Scanner</c> or <c>ReadOnly</c>.</summary>
    public string Role { get; set; } = "";
}
