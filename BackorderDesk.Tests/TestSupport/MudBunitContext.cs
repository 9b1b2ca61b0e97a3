using System.Security.Claims;
using BackorderDesk.Data;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>
/// Base class for component tests: MudBlazor services, loose JS interop, an interactive server
/// renderer, a real migrated SQLite database behind <see cref="IDbContextFactory{TContext}"/>, a
/// fake clock, the writer and change feed, and every feature's use cases registered as the app
/// registers them (<see cref="AppComposition.AddDeskFeatures"/>), lifetimes included.
/// </summary>
public abstract class MudBunitContext : BunitContext, IAsyncLifetime
{
    /// <summary>The clock's start: Monday 2 March 2026, 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private SqliteTestDatabase? _database;

    protected MudBunitContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(Time);
        Services.AddSingleton<IDbContextFactory<WarehouseDbContext>>(_ => Database);
        Services.AddLogging();
        Services.AddOptions<BackorderDeskOptions>();

        // As the app composes them: one writer and one change feed, then each feature's use cases.
        Services.AddSingleton<ChangeFeed>();
        Services.AddSingleton<WarehouseWriter>();
        Services.AddDeskFeatures();

        // Components act as a signed-in Manager (every operational policy) unless a test says otherwise.
        Authorization = AddAuthorization();
        SignInAs("manager", "Demo manager", DeskRoles.Manager, ManagerPolicies);
        Services.AddScoped<DeskAccess>();
    }

    /// <summary>The policies a Manager satisfies (everything but the Admin pages).</summary>
    public static readonly string[] ManagerPolicies =
    [
        Policies.ApiRead, Policies.SignedIn, Policies.Dashboard, Policies.ViewStock, Policies.AdjustStock, Policies.Receive,
        Policies.ViewBackorders, Policies.ManageQueue, Policies.Desk, Policies.DeskActions, Policies.ApproveExpedite,
        Policies.ViewPlanning, Policies.Plan, Policies.Exports,
    ];

    /// <summary>The signed-in person components see (bUnit's test authorization: policies are granted by name).</summary>
    protected BunitAuthorizationContext Authorization { get; }

    /// <summary>Signs the components' user in as <paramref name="userName"/> with one role and exactly the given policies.</summary>
    protected void SignInAs(string userName, string displayName, string role, params string[] policies)
    {
        Authorization.SetAuthorized(userName);
        Authorization.SetRoles(role);
        Authorization.SetClaims(new Claim(DeskActor.DisplayNameClaim, displayName));
        Authorization.SetPolicies(policies);
    }

    public FakeTimeProvider Time { get; } = new(Start);

    public DateOnly Today => DateOnly.FromDateTime(Time.GetLocalNow().DateTime);

    /// <summary>The test database (created before each test, deleted after it).</summary>
    public SqliteTestDatabase Database =>
        _database ?? throw new InvalidOperationException("The database is created in InitializeAsync.");

    public async ValueTask InitializeAsync()
    {
        // Here rather than in the constructor: it builds the renderer, after which derived
        // constructors could no longer register services.
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        _database = await SqliteTestDatabase.CreateAsync();
    }

    /// <summary>
    /// Renders a <see cref="MudPopoverProvider"/> first, as the app's layout does: without it selects,
    /// menus and tooltips never open.
    /// </summary>
    protected IRenderedComponent<TComponent> RenderWithPopovers<TComponent>(
        Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent
    {
        Render<MudPopoverProvider>();
        return parameters is null ? Render<TComponent>() : Render(parameters);
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}
