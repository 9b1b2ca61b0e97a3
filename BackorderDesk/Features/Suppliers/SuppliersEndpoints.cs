namespace BackorderDesk.Features.Suppliers;

public static class SuppliersEndpoints
{
    public static IEndpointRouteBuilder MapSuppliers(this IEndpointRouteBuilder api)
    {
        api.MapGet("/suppliers", async (string? client, SupplierPerformance performance, CancellationToken ct) =>
            TypedResults.Ok(await performance.ListAsync(string.IsNullOrWhiteSpace(client) ? null : client.Trim(), ct)))
        .WithName("GetSuppliers")
        .WithSummary("Every supplier with its performance: on-time rate (received by the first promised date), lateness mean, σ, P50 and P90, lead time mean and σ (receipt date − order date), open PO lines, units and value, and the backordered units of its SKUs. ?client= narrows every figure to that client's SKUs.");
        return api;
    }
}
