using System.Security.Claims;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.PurchaseOrders;

public static class PurchaseOrdersEndpoints
{
    public static IEndpointRouteBuilder MapPurchaseOrders(this IEndpointRouteBuilder api)
    {
        api.MapPost("/purchase-orders", async (PurchaseOrderRequest request, PlacePurchaseOrder place, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var view = await place.HandleAsync(request, DeskActor.From(user), ct);
            return TypedResults.Created($"/api/purchase-orders/{Uri.EscapeDataString(view.Number)}", view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PostPurchaseOrder")
        .WithSummary("Place a purchase order; waiting lines of its SKUs get confirmed ETAs at once.");

        api.MapGet("/purchase-orders/{number}", async (string number, PurchaseOrderDetails details, CancellationToken ct) =>
            TypedResults.Ok(await details.GetAsync(number, ct) ?? throw new NotFoundException($"Purchase order {number} does not exist.")))
        .WithName("GetPurchaseOrder")
        .WithSummary("A purchase order with its lines (ordered, received, open, expected date) and each line's date changes.");

        api.MapPatch("/purchase-orders/{number}/lines/{sku}", async (string number, string sku, ExpectedDateRequest request, MoveExpectedDate move, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await move.HandleAsync(number, sku, request, DeskActor.From(user), ct)))
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PatchPurchaseOrderLine")
        .WithSummary("Move a PO line's expected date; the ETAs of the SKU's waiting lines move with it.");

        api.MapPost("/purchase-orders/{number}/lines/{sku}/cancel", async (string number, string sku, CancelPurchaseOrderLine cancel, ClaimsPrincipal user, CancellationToken ct) =>
            TypedResults.Ok(await cancel.HandleAsync(number, sku, DeskActor.From(user), ct)))
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("CancelPurchaseOrderLine")
        .WithSummary("Cancel the units still to come on a PO line: they leave on-order, and the waiting lines they covered get new ETAs. 422 when nothing is left to receive.");

        api.MapPost("/purchase-orders/import", async Task<IResult> (IFormFile? file, ImportPurchaseOrders import, ClaimsPrincipal user, CancellationToken ct) =>
        {
            if (file is null)
            {
                throw new ValidationException(new Dictionary<string, string[]> { ["file"] = ["Send the workbook as multipart/form-data in a field named file."] }, "Send the workbook as multipart/form-data in a field named file.");
            }

            await using var stream = file.OpenReadStream();
            var result = await import.HandleAsync(stream, file.Length, DeskActor.From(user), ct);
            if (!result.Imported)
            {
                var errors = result.Errors
                    .GroupBy(e => $"rows[{e.Row}].{e.Column}")
                    .ToDictionary(g => g.Key, g => g.Select(e => e.Reason).ToArray());
                throw new ValidationException(errors, $"The workbook has {result.Errors.Count} {(result.Errors.Count == 1 ? "error" : "errors")}; nothing was imported. Fix them and upload it again.");
            }

            return TypedResults.Ok(new { purchaseOrders = result.PurchaseOrders, lines = result.Lines });
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .DisableAntiforgery()
        .WithName("ImportPurchaseOrders")
        .WithSummary("Import purchase orders from a workbook in the template's columns (multipart, field file, at most 10 MB). Every row is checked first; 400 with errors keyed rows[N].Column and nothing imported when any is wrong.");
        return api;
    }
}
