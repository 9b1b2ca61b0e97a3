using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Authorization;

namespace BackorderDesk.Features.Exports;

public static class ExportsEndpoints
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    /// <summary>
    /// <c>GET /api/exports/{name}.xlsx</c>. The pages link here with plain links, so the file never
    /// travels through the circuit: the route takes an API key (any role) or, without a key, whoever
    /// the desk pages let in (<see cref="Policies.DeskOrApiRead"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var names = string.Join(", ", app.ServiceProvider.GetRequiredService<Workbooks>().Names);
        app.MapGet("/api/exports/{name}.xlsx", async (string name, HttpContext http, Workbooks workbooks, CancellationToken ct) =>
        {
            var file = await workbooks.BuildAsync(name, http.Request.QueryString.Value ?? "", ct);
            return TypedResults.File(file.Content, ContentType, file.FileName);
        })
        .RequireAuthorization(Policies.DeskOrApiRead)
        .WithTags("Exports")
        .WithName("GetExport")
        .WithSummary($"An Excel workbook of one view: {names} ({Features.PurchaseOrders.PurchaseOrderTemplate.Name} is the import template). ?client= (code) and each page's own filters, with the page URL's parameter names.");
        return app;
    }
}

/// <summary>An API key of any role, or (when no key is sent) the desk policy.</summary>
public sealed class DeskOrApiReadRequirement : IAuthorizationRequirement;

/// <summary>
/// A request that sends a key is judged as an API call (a wrong key is 401, as everywhere in the API);
/// one without a key as a desk page would be, so that a plain link in the browser works for desk users.
/// </summary>
public sealed class DeskOrApiReadHandler : AuthorizationHandler<DeskOrApiReadRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, DeskOrApiReadRequirement requirement)
    {
        if (context.Resource is not HttpContext http)
        {
            return;
        }

        if (http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            if (ApiRoles.All.Any(context.User.IsInRole))
            {
                context.Succeed(requirement);
            }

            return;
        }

        // Resolved per request: the authorization service itself depends on the handlers.
        var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
        var name = http.GetRouteValue("name") as string ?? "";
        var policy = http.RequestServices.GetRequiredService<Workbooks>().Find(name)?.Policy ?? Policies.Exports;
        if ((await authorization.AuthorizeAsync(context.User, http, policy)).Succeeded)
        {
            context.Succeed(requirement);
        }
    }
}
