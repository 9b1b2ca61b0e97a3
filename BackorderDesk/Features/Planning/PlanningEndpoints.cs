using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Planning;

public static class PlanningEndpoints
{
    public static IEndpointRouteBuilder MapPlanning(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reorder-alerts", (string? client, int? take, ReorderAlerts alerts, CancellationToken ct) => alerts.HandleAsync(client, take, ct))
            .WithTags("Planning")
            .WithName("GetReorderAlerts")
            .WithSummary("SKUs whose inventory position (available + on order − backordered) is at or below the reorder point, largest shortfall first, with the suggested order quantity. Optional client code and take (1–100,000).");

        api.MapGet("/skus/{sku}/planning", async (string sku, SkuPlanning planning, CancellationToken ct) =>
            TypedResults.Ok(await planning.GetAsync(sku, ct) ?? throw new NotFoundException($"SKU {sku} does not exist.")))
            .WithTags("Planning")
            .WithName("GetSkuPlanning")
            .WithSummary("The SKU's reorder point and safety stock with their inputs (ABC class, service level and z, d̄ and σd over the 90-day window, L and σL), computed from the data as of the request.");
        return api;
    }
}
