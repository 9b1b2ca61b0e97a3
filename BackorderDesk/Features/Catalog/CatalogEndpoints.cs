using System.Security.Claims;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Catalog;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalog(this IEndpointRouteBuilder api)
    {
        api.MapPost("/suppliers", async (SupplierRequest request, CreateSupplier create, CancellationToken ct) =>
        {
            var view = await create.HandleAsync(request, ct);
            return TypedResults.Created($"/api/suppliers/{Uri.EscapeDataString(view.Code)}", view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PostSupplier")
        .WithSummary($"Register a supplier; leadTimeDays defaults to {CreateSupplier.DefaultLeadTimeDays}.");

        api.MapGet("/suppliers/{code}", async (string code, SupplierDetails details, CancellationToken ct) =>
            TypedResults.Ok(await details.GetAsync(code, ct) ?? throw new NotFoundException($"Supplier {code} does not exist.")))
        .WithName("GetSupplier")
        .WithSummary("A supplier with its on-time rate (received by the original expected date) and lateness, null until a PO line is received.");

        api.MapPost("/clients", async (ClientRequest request, CreateClient create, CancellationToken ct) =>
        {
            var view = await create.HandleAsync(request, ct);
            return TypedResults.Created($"/api/clients/{Uri.EscapeDataString(view.Code)}", view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PostClient")
        .WithSummary($"Register a client. Requests that name no client use the default client ({DefaultClient.Code}).");

        api.MapGet("/clients/{code}", async (string code, ClientDetails details, CancellationToken ct) =>
            TypedResults.Ok(await details.GetAsync(code, ct) ?? throw new NotFoundException($"Client {code} does not exist.")))
        .WithName("GetClient");

        api.MapPost("/skus", async (SkuRequest request, SaveSku save, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var view = await save.CreateAsync(request, DeskActor.From(user), ct);
            return TypedResults.Created($"/api/skus/{Uri.EscapeDataString(view.Sku)}", view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PostSku")
        .WithSummary("Create a SKU (409 when the code exists; use PUT to change it).");

        api.MapPut("/skus/{sku}", async Task<IResult> (string sku, SkuRequest request, SaveSku save, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var (created, view) = await save.UpsertAsync(sku, request, DeskActor.From(user), ct);
            return created
                ? TypedResults.Created($"/api/skus/{Uri.EscapeDataString(view.Sku)}", view)
                : TypedResults.Ok(view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PutSku")
        .WithSummary("Create (201) or replace (200) a SKU. Left-out optional fields reset to defaults, except client (never changes) and barcodes (kept).");

        api.MapGet("/skus/{sku}", async (string sku, SkuDetails details, CancellationToken ct) =>
            TypedResults.Ok(await details.GetAsync(sku, ct) ?? throw new NotFoundException($"SKU {sku} does not exist.")))
        .WithName("GetSku")
        .WithSummary("A SKU's stock buckets (on hand, allocated, available, on order, backordered, held for completion) and planning figures.");

        api.MapGet("/skus/{sku}/queue", async (string sku, SkuQueue queue, CancellationToken ct) =>
            TypedResults.Ok(await queue.GetAsync(sku, ct)))
        .WithName("GetSkuQueue")
        .WithSummary("The SKU's waiting lines in allocation order; position 1 is filled next.");

        api.MapGet("/availability/{sku}", async (string sku, SkuAvailability availability, CancellationToken ct) =>
            TypedResults.Ok(await availability.GetAsync(sku, ct)))
        .WithName("GetAvailability")
        .WithSummary("What a shop shows: status, available units, the ETA a new order would get, and the badge text.");
        return api;
    }
}
