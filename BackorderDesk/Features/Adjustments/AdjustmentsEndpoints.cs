using System.Security.Claims;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Adjustments;

public static class AdjustmentsEndpoints
{
    public static IEndpointRouteBuilder MapAdjustments(this IEndpointRouteBuilder api)
    {
        api.MapPost("/adjustments", async (AdjustmentRequest request, AdjustStock adjust, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await adjust.HandleAsync(request, DeskActor.From(user), ct)))
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PostAdjustment")
        .WithSummary("Adjust on hand by qtyDelta, or set it to a countedQty; answers the SKU view. A fall below allocated takes units back from the last lines in the queue.");
        return api;
    }
}
