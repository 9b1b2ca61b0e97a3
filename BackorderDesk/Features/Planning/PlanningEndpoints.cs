namespace BackorderDesk.Features.Planning;

public static class PlanningEndpoints
{
    public static IEndpointRouteBuilder MapPlanning(this IEndpointRouteBuilder api)
    {
        api.MapGet("/reorder-alerts", (string? client, int? take, ReorderAlerts alerts, CancellationToken ct) => alerts.HandleAsync(client, take, ct))
            .WithTags("Planning")
            .WithName("GetReorderAlerts")
            .WithSummary("SKUs whose inventory position (available + on order − backordered) is at or below the reorder point, largest shortfall first, with the suggested order quantity. Optional client code and take (1–100,000).");
        return api;
    }
}
