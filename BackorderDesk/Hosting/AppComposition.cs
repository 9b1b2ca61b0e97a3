using System.Text.Json.Serialization;
using BackorderDesk.Components;
using BackorderDesk.Data;
using BackorderDesk.Data.Seed;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Adjustments;
using BackorderDesk.Features.Allocations;
using BackorderDesk.Features.ApiKeys;
using BackorderDesk.Features.Audit;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Exports;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Features.LiveDemo;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Scheduling;
using BackorderDesk.Features.Stock;
using BackorderDesk.Features.Suppliers;
using BackorderDesk.Features.Verify;
using BackorderDesk.Live;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;

namespace BackorderDesk.Hosting;

public static class AppComposition
{
    public static WebApplicationBuilder AddBackorderDesk(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        services.AddLogRedaction();
        services.AddHsts(hsts => hsts.MaxAge = TimeSpan.FromDays(365));
        services.AddOptions<BackorderDeskOptions>().Bind(builder.Configuration.GetSection(BackorderDeskOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.AddWarehouseData();

        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices();
        services.AddApiProblems();
        services.AddRequestRateLimits();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));

        // Malformed JSON, a missing body or a bad route value throw (as in Development) so that
        // ApiExceptionHandler answers with a problem whose title says what to fix, in every environment.
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);

        services.AddOpenApi();
        services.AddSignalR().AddScaleOut(builder.Configuration);
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");

        services.AddDeskAuthentication();
        services.AddDeskPolicies();
        services.AddScoped<DeskUserSetup>();
        services.AddUserAdministration();
        services.AddApiKeyAdministration();
        services.AddCascadingAuthenticationState();

        services.AddSingleton<ChangeFeed>();
        services.AddSingleton<WarehouseWriter>();
        services.AddHostedService<HubForwarder>();
        services.AddSingleton<HubSessions>();
        services.AddHostedService(sp => sp.GetRequiredService<HubSessions>());
        services.AddDeskFeatures();

        services.AddScoped<DemoSeeder>();
        return builder;
    }

    /// <summary>
    /// Every feature's use cases, each registered by its own folder with the lifetimes the app runs
    /// them with. Component and endpoint tests call the same methods.
    /// </summary>
    public static IServiceCollection AddDeskFeatures(this IServiceCollection services) =>
        services
            .AddCatalog()
            .AddSuppliers()
            .AddReceiving()
            .AddPurchaseOrders()
            .AddAdjustments()
            .AddAudit()
            .AddOrders()
            .AddCustomerService()
            .AddAllocations()
            .AddKpis()
            .AddBackorders()
            .AddStock()
            .AddPlanning()
            .AddScheduling()
            .AddDashboard()
            .AddVerify()
            .AddLiveDemo()
            .AddExports();

    public static WebApplication UseBackorderDesk(this WebApplication app)
    {
        // Before anything reads the client's address or scheme.
        app.UseProxyHeaders();

        // First, so that every answer carries them: pages, API, static files, errors and 429s.
        app.UseSecurityHeaders();

        // API errors become problem details (ApiExceptionHandler); pages fall back to /Error.
        if (app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler();
        }
        else
        {
            app.UseExceptionHandler("/Error", createScopeForErrors: true);

            // HSTS only goes out over https (and never for localhost); the redirection does nothing
            // until the server knows an https port (an https endpoint, or ASPNETCORE_HTTPS_PORT).
            app.UseHsts();
            app.UseHttpsRedirection();
        }

        // An address no page answers gets the app's own "not found" page (404) inside the layout; an
        // unknown API route gets a problem (404, or 405 for a method the route does not take).
        app.UseWhen(
            context => !context.Request.Path.StartsWithSegments("/api") && !context.Request.Path.StartsWithSegments("/hubs"),
            pages => pages.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true));
        app.UseWhen(
            context => context.Request.Path.StartsWithSegments("/api"),
            api => api.UseStatusCodePages(ApiProblemsRegistration.WriteUnknownRouteAsync));
        app.UseAddressLimit();

        app.UseConnectionOriginCheck();

        // Routing runs after the status-code pages, so that the re-executed /not-found request is routed
        // again (with the implicit routing at the start of the pipeline it would find no endpoint).
        app.UseRouting();
        // After routing: it rewrites the route values routing has just decoded.
        app.UseEncodedRouteValues();
        app.UseApiBodyLimit();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapStaticAssets().AllowAnonymous();
        app.MapHealthChecks("/healthz").AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapOpenApi().AllowAnonymous();
        app.MapHub<WarehouseHub>(WarehouseHub.Path);
        app.MapApi();
        app.MapExports();
        // Each page names its own policy; a page that forgot would still need a signed-in person (the fallback policy).
        app.MapRazorComponents<App>()
            .AddInteractiveServerRenderMode();
        return app;
    }

    /// <summary>The HTTP API of API.md: every route under /api, each behind a named policy.</summary>
    private static void MapApi(this WebApplication app)
    {
        var api = app.MapGroup("/api").RequireAuthorization(Policies.ApiRead);
        api.MapReceipts();
        api.MapCatalog();
        api.MapSuppliers();
        api.MapPurchaseOrders();
        api.MapAdjustments();
        api.MapOrders();
        api.MapCustomerService();
        api.MapAllocation();
        api.MapKpis();
        api.MapPlanning();
    }

    /// <summary>Applies migrations, then seeds the demo warehouse into an empty database when configured to.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, CancellationToken cancellationToken = default)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarehouseDbContext>();

        // Nothing to apply is the usual start. MigrateAsync would still compare the model with the last
        // migration's snapshot, a development-time check (MigrationTests make it) that costs every start.
        if ((await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any())
        {
            await db.Database.MigrateAsync(cancellationToken);
        }

        var options = app.Configuration.GetSection(BackorderDeskOptions.Section).Get<BackorderDeskOptions>() ?? new();
        await scope.ServiceProvider.GetRequiredService<DeskUserSetup>().EnsureAsync(options, cancellationToken);
        if (options.SeedDemoData)
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedIfEmptyAsync(options.DemoProfile, cancellationToken);
        }

        // After the seeder, which hands out its own client keys.
        await DefaultClient.EnsureAsync(db, cancellationToken);

        // A database from before the counters table existed gets its counters once.
        await OrderCounters.RebuildIfMissingAsync(db, cancellationToken);
        await OrderCounters.ResyncStockAsync(db, cancellationToken);
        await OrderSearchIndex.BackfillKeysAsync(db, cancellationToken);
    }

    /// <summary>The <c>verify</c> command: recompute every bucket and invariant; exit 1 on any drift.</summary>
    public static async Task<int> RunVerifyCommandAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarehouseDbContext>();
        await db.Database.MigrateAsync();
        var report = await scope.ServiceProvider.GetRequiredService<WarehouseVerifier>().VerifyAsync(CancellationToken.None);
        report.WriteTo(Console.Out);
        return report.IsClean ? 0 : 1;
    }
}
