using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.Playwright;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// The app on a real loopback port (Kestrel, temp SQLite database, no demo data) and one headless
/// Debian Chromium for all browser tests of the <see cref="BrowserCollection"/>. Playwright's own
/// browser download is never used: its bundled Node driver talks to /usr/bin/chromium.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>
    /// Held by one browser fixture from its start to its disposal: browser collections run in parallel with
    /// the other tests (their time is mostly Chromium's, in another process) but never with each other, so
    /// one Chromium and one app of theirs run at a time.
    /// </summary>
    private static readonly SemaphoreSlim OneBrowserAtATime = new(1, 1);

    private readonly Dictionary<string, string> _signedIn = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _signInGate = new(1, 1);
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private bool _holdsTurn;

    public DeskTestHost App { get; } = new() { PooledConnections = true };

    /// <summary>Where the app listens, e.g. http://127.0.0.1:40123/.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    public async ValueTask InitializeAsync()
    {
        await OneBrowserAtATime.WaitAsync();
        _holdsTurn = true;
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        BaseAddress = App.StartOnRealPort();

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>
    /// A page in a fresh browser context (own storage and cookies), light colour scheme, 1366×900,
    /// signed in as the demo user of <paramref name="role"/> (a Manager unless said otherwise; null: nobody).
    /// </summary>
    public async Task<IPage> NewPageAsync(string? role = DeskRoles.Manager)
    {
        var context = await NewContextAsync(role);
        return await context.NewPageAsync();
    }

    /// <summary>A fresh context signed in as the demo user of <paramref name="role"/> (null: anonymous), optionally at another viewport size.</summary>
    public async Task<IBrowserContext> NewContextAsync(string? role = DeskRoles.Manager, ViewportSize? viewport = null)
    {
        var options = ContextOptions();
        if (viewport is not null)
        {
            options.ViewportSize = viewport;
        }

        if (role is not null)
        {
            options.StorageState = await SignedInStateAsync(role);
        }

        return await Browser.NewContextAsync(options);
    }

    private BrowserNewContextOptions ContextOptions() => new()
    {
        BaseURL = BaseAddress.ToString(),
        ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
        ColorScheme = ColorScheme.Light,
        Locale = "en-US",
    };

    /// <summary>Signs in once per role through the real sign-in page (Enter in the password field), then reuses the cookie.</summary>
    private async Task<string> SignedInStateAsync(string role)
    {
        await _signInGate.WaitAsync();
        try
        {
            if (_signedIn.TryGetValue(role, out var cached))
            {
                return cached;
            }

            await using var context = await Browser.NewContextAsync(ContextOptions());
            var page = await context.NewPageAsync();
            await page.GotoAsync(DeskAuthentication.SignInPath);
            await page.GetByLabel("User name").FillAsync(DeskSignIn.UserName(role));
            await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).FillAsync(DeskSignIn.Password);
            await page.GetByLabel("Password", new PageGetByLabelOptions { Exact = true }).PressAsync("Enter");
            await page.WaitForURLAsync(url => !url.Contains(DeskAuthentication.SignInPath, StringComparison.Ordinal));
            var state = await context.StorageStateAsync();
            _signedIn[role] = state;
            return state;
        }
        finally
        {
            _signInGate.Release();
        }
    }

    /// <summary>A context over the app's database, to arrange data before a page is opened.</summary>
    public Task<WarehouseDbContext> CreateDbContextAsync(CancellationToken cancellationToken) => App.CreateDbContextAsync(cancellationToken);

    /// <summary>
    /// Waits until the circuit is up: the layout renders <c>data-interactive="yes"</c> only once
    /// it runs interactively (prerendered HTML says "no"). Event handlers work from then on.
    /// </summary>
    public static Task WaitForInteractiveAsync(IPage page) =>
        page.Locator("[data-interactive=yes]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>
    /// Saves a full-page PNG to $BOD_ARTIFACTS (default: TestResults/artifacts under the repository
    /// root) and returns its path, which is also written to the test output.
    /// </summary>
    public static async Task<string> SaveScreenshotAsync(IPage page, string name)
    {
        var folder = Environment.GetEnvironmentVariable("BOD_ARTIFACTS") is { Length: > 0 } configured
            ? Path.GetFullPath(configured)
            : Path.Combine(RepositoryPaths.Root, "TestResults", "artifacts");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name.EndsWith(".png", StringComparison.OrdinalIgnoreCase) ? name : name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot saved: {path}");
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }

            _playwright?.Dispose();
            await App.DisposeAsync();
        }
        finally
        {
            if (_holdsTurn)
            {
                _holdsTurn = false;
                OneBrowserAtATime.Release();
            }
        }
    }
}

/// <summary>
/// Browser tests share one app and one Chromium per collection; browser collections never run in parallel
/// with each other (<see cref="BrowserFixture"/> takes turns), but alongside the other tests.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
