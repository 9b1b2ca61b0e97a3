namespace BackorderDesk.Hosting;

/// <summary>The <c>BackorderDesk</c> configuration section.</summary>
public sealed class BackorderDeskOptions
{
    public const string Section = "BackorderDesk";

    /// <summary>Seed the demo warehouse into an empty database at start-up.</summary>
    public bool SeedDemoData { get; set; } = true;

    /// <summary><c>Default</c> (~2,000 SKUs, ~20,000 orders) or <c>Large</c> (100,000 SKUs, 1,000,000 order lines).</summary>
    public string DemoProfile { get; set; } = "Default";

    /// <summary>Which database the warehouse is kept in (<c>BackorderDesk:Database</c>).</summary>
    public DatabaseOptions Database { get; set; } = new();

    /// <summary>
    /// Several instances: a StackExchange.Redis configuration string (e.g. <c>127.0.0.1:6379</c>) of
    /// the Redis every instance shares, for the SignalR backplane and the change feed across
    /// instances. Absent: one instance, no Redis.
    /// </summary>
    public string? Redis { get; set; }

    /// <summary>
    /// Put before every Redis channel name the instances use, so that two warehouses sharing one
    /// Redis never see each other's changes. Every instance of one warehouse must use the same.
    /// </summary>
    public string RedisChannelPrefix { get; set; } = "BackorderDesk";

    public List<ApiKeyOptions> ApiKeys { get; set; } = [];

    /// <summary>
    /// How long a read or a write waits for a database another connection holds locked (seconds,
    /// 1–30) before it gives up: the API then answers 503 with <c>Retry-After</c>, a page says so.
    /// </summary>
    public int DatabaseBusyWaitSeconds { get; set; } = 5;

    /// <summary>Working days between receipt and shipment, added to every ETA.</summary>
    public int HandlingWorkingDays { get; set; } = 1;

    public RateLimitOptions RateLimits { get; set; } = new();

    /// <summary>
    /// Origins (<c>https://host[:port]</c>) besides the app's own whose pages may open hub and circuit
    /// connections; a browser request from any other origin is refused (403).
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>How long a payment authorization taken at placement stays valid.</summary>
    public PaymentOptions Payments { get; set; } = new();

    public PlanningOptions Planning { get; set; } = new();

    /// <summary>The daily run of the rules that depend on the date (preorder releases, ETA re-dating).</summary>
    public DailyRulesOptions DailyRules { get; set; } = new();

    /// <summary>How customer messages leave the outbox.</summary>
    public MailOptions Mail { get; set; } = new();

    public CustomerServiceOptions CustomerService { get; set; } = new();

    /// <summary>The live demo mode: the generator places orders and receives trucks in real time (off unless switched on).</summary>
    public LiveDemoOptions LiveDemo { get; set; } = new();

    /// <summary>The password of the Development demo users (README gives the default).</summary>
    public string? DemoPassword { get; set; }

    /// <summary>Outside Development: the first admin, created when nobody can sign in yet.</summary>
    public FirstAdminOptions? FirstAdmin { get; set; }
}

/// <summary>
/// The <c>BackorderDesk:Database</c> section. <c>Sqlite</c> (the default) keeps the warehouse in one
/// file next to the app; <c>Postgres</c> in a PostgreSQL database that several app instances share.
/// Either way the connection string is <c>ConnectionStrings:BackorderDesk</c>.
/// </summary>
public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "Sqlite";
}

/// <summary>The <c>BackorderDesk:FirstAdmin</c> section.</summary>
public sealed class FirstAdminOptions
{
    public string UserName { get; set; } = "";

    public string? DisplayName { get; set; }

    public string Password { get; set; } = "";
}

/// <summary>
/// The <c>BackorderDesk:Mail</c> section. With <c>Smtp:Host</c> set, messages go to that SMTP
/// server; otherwise (the default) each one is written as an .eml file into <see cref="PickupFolder"/>.
/// </summary>
public sealed class MailOptions
{
    /// <summary>Deliver the outbox in the background at all.</summary>
    public bool Enabled { get; set; } = true;

    public string From { get; set; } = "BackorderDesk <noreply@backorderdesk.local>";

    /// <summary>Relative paths are under the content root.</summary>
    public string PickupFolder { get; set; } = "App_Data/mail-pickup";

    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>Seconds between looks at the outbox when nothing is due.</summary>
    public int PollSeconds { get; set; } = 5;

    /// <summary>Attempts before a message is marked Failed (it stays in the outbox, visible, and can be resent).</summary>
    public int MaxAttempts { get; set; } = 10;

    public int BatchSize { get; set; } = 50;
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary><c>Auto</c>, <c>None</c>, <c>StartTls</c>, <c>StartTlsWhenAvailable</c> or <c>SslOnConnect</c>.</summary>
    public string Security { get; set; } = "Auto";

    public string? UserName { get; set; }

    public string? Password { get; set; }
}

/// <summary>The <c>BackorderDesk:CustomerService</c> section.</summary>
public sealed class CustomerServiceOptions
{
    /// <summary>A wait longer than this many days puts the line on the agents' "likely to cancel" list.</summary>
    public int WaitToleranceDays { get; set; } = 21;
}

/// <summary>
/// The <c>BackorderDesk:RateLimits</c> section. Every request but static files and health checks
/// counts against exactly one of the first three limits; sign-in attempts count against
/// <see cref="SignInPerMinute"/> as well.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests a minute per client address with neither a valid API key nor a signed-in user (pages, /api, /hubs, /_blazor together).</summary>
    public int AnonymousPerMinute { get; set; } = 30;

    /// <summary>Requests a second per valid API key (a token bucket of this size, refilled every second).</summary>
    public int KeyPerSecond { get; set; } = 200;

    /// <summary>Requests a minute per signed-in user (pages, exports, /api, the circuit).</summary>
    public int UserPerMinute { get; set; } = 600;

    /// <summary><c>POST /account/sign-in</c> a minute per client address, on top of the limit above.</summary>
    public int SignInPerMinute { get; set; } = 10;
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

/// <summary>The <c>BackorderDesk:Planning</c> section: the nightly reorder-point recompute.</summary>
public sealed class PlanningOptions
{
    /// <summary>UTC time of day of the nightly recompute.</summary>
    public TimeOnly NightlyAt { get; set; } = new(2, 0);

    public bool NightlyEnabled { get; set; } = true;
}

/// <summary>
/// The <c>BackorderDesk:DailyRules</c> section: once a day the rules that depend on the date run
/// (a preorder's release date passing allocates its lines; ETAs that no longer hold are re-dated).
/// They also run once at start-up, to catch up after downtime.
/// </summary>
public sealed class DailyRulesOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>UTC time of day of the daily run.</summary>
    public TimeOnly At { get; set; } = new(0, 5);
}

/// <summary>
/// The <c>BackorderDesk:LiveDemo</c> section: a warehouse that moves on its own, for trying the
/// product. <see cref="Enabled"/> is only where each instance starts; managers switch it in the UI.
/// </summary>
public sealed class LiveDemoOptions
{
    /// <summary>Generate at start-up. Off by default; appsettings.Development.json turns it on.</summary>
    public bool Enabled { get; set; }

    /// <summary>The mean gap between orders (the gaps are exponential around it).</summary>
    public double OrderEverySeconds { get; set; } = 5;

    /// <summary>Seconds between trucks: each time the oldest open purchase order due arrives in full.</summary>
    public int TruckEverySeconds { get; set; } = 60;

    /// <summary>Seconds between shipping rounds, each shipping up to <see cref="OrdersPerShipment"/> orders with allocated units.</summary>
    public int ShipEverySeconds { get; set; } = 60;

    public int OrdersPerShipment { get; set; } = 5;

    /// <summary>Seconds between placing the purchase orders the reorder suggestions ask for.</summary>
    public int PurchaseOrdersEverySeconds { get; set; } = 300;
}
