using BackorderDesk.Features.Exports;
using Microsoft.AspNetCore.Authorization;

namespace BackorderDesk.Hosting;

/// <summary>Which roles each of the <see cref="Policies"/> admits. The menu asks the same policies, but never decides.</summary>
public static class PolicyRegistration
{
    private static readonly string[] Operations = [DeskRoles.Admin, DeskRoles.Manager];
    private static readonly string[] ReadEverything = [DeskRoles.Admin, DeskRoles.Manager, DeskRoles.Planner];

    public static IServiceCollection AddDeskPolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            // Anything without a policy of its own (a page that forgot one, an endpoint added later)
            // still needs a signed-in person or an API key.
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(Policies.ApiRead, p => p.RequireRole([.. ApiRoles.All, .. ReadEverything]))
            .AddPolicy(Policies.ApiScan, p => p.RequireRole(ApiRoles.Integration, ApiRoles.Scanner))
            .AddPolicy(Policies.ApiIntegration, p => p.RequireRole(ApiRoles.Integration))
            .AddPolicy(Policies.SignedIn, p => p.RequireRole(DeskRoles.All))
            .AddPolicy(Policies.Dashboard, p => p.RequireRole(ReadEverything))
            .AddPolicy(Policies.ViewStock, p => p.RequireRole([.. ReadEverything, DeskRoles.Receiver]))
            .AddPolicy(Policies.AdjustStock, p => p.RequireRole(Operations))
            .AddPolicy(Policies.Receive, p => p.RequireRole([.. Operations, DeskRoles.Receiver]))
            .AddPolicy(Policies.ViewBackorders, p => p.RequireRole(ReadEverything))
            .AddPolicy(Policies.ManageQueue, p => p.RequireRole(Operations))
            .AddPolicy(Policies.Desk, p => p.RequireRole([.. Operations, DeskRoles.Agent]))
            .AddPolicy(Policies.DeskActions, p => p.RequireRole([.. Operations, DeskRoles.Agent]))
            .AddPolicy(Policies.ApproveExpedite, p => p.RequireRole(Operations))
            .AddPolicy(Policies.ViewPlanning, p => p.RequireRole(ReadEverything))
            .AddPolicy(Policies.Plan, p => p.RequireRole(ReadEverything))
            .AddPolicy(Policies.Exports, p => p.RequireRole(ReadEverything))
            .AddPolicy(Policies.Admin, p => p.RequireRole(DeskRoles.Admin))
            .AddPolicy(Policies.DeskOrApiRead, p => p.AddRequirements(new DeskOrApiReadRequirement()));
        services.AddSingleton<IAuthorizationHandler, DeskOrApiReadHandler>();
        return services;
    }
}
