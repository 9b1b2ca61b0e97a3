namespace BackorderDesk.Features.Allocations;

public static class AllocationEndpoints
{
    public static IEndpointRouteBuilder MapAllocation(this IEndpointRouteBuilder api)
    {
        api.MapGet("/skus/{sku}/what-if", (string sku, int? qty, WhatIfReceipt whatIf, CancellationToken ct) => whatIf.HandleAsync(sku, qty, ct))
            .WithName("WhatIfReceipt")
            .WithSummary("Which waiting lines a receipt of qty units would fill, without committing anything.");
        return api;
    }
}
