using BackorderDesk.Hosting;

namespace BackorderDesk.Features.PurchaseOrders;

public static class PurchaseOrdersEndpoints
{
    public static IEndpointRouteBuilder MapPurchaseOrders(this IEndpointRouteBuilder api)
    {
        api.MapPost("/purchase-orders", async (PurchaseOrderRequest request, PlacePurchaseOrder place, CancellationToken ct) =>
        {
            var view = await place.HandleAsync(request, ct);
            return TypedResults.Created($"/api/purchase-orders/{Uri.EscapeDataString(view.Number)}", view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PostPurchaseOrder")
        .WithSummary("Place a purchase order; waiting lines of its SKUs get confirmed ETAs at once.");

        api.MapGet("/purchase-orders/{number}", async (string number, PurchaseOrderDetails details, CancellationToken ct) =>
            TypedResults.Ok(await details.GetAsync(number, ct) ?? throw new NotFoundException($"Purchase order {number} does not exist.")))
        .WithName("GetPurchaseOrder")
        .WithSummary("A purchase order with its lines (ordered, received, open, expected date) and each line's date changes.");

        api.MapPatch("/purchase-orders/{number}/lines/{sku}", async (string number, string sku, ExpectedDateRequest request, MoveExpectedDate move, CancellationToken ct) =>
            TypedResults.Ok(await move.HandleAsync(number, sku, request, ct)))
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PatchPurchaseOrderLine")
        .WithSummary("Move a PO line's expected date; the ETAs of the SKU's waiting lines move with it.");

        api.MapPost("/purchase-orders/{number}/lines/{sku}/cancel", async (string number, string sku, CancelPurchaseOrderLine cancel, CancellationToken ct) =>
            TypedResults.Ok(await cancel.HandleAsync(number, sku, ct)))
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("CancelPurchaseOrderLine")
        .WithSummary("Cancel the units still to come on a PO line: they leave on-order, and the waiting lines they covered get new ETAs. 422 when nothing is left to receive.");
        return api;
    }
}
