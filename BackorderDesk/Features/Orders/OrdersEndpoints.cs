using System.Security.Claims;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Orders;

public static class OrdersEndpoints
{
    public static IServiceCollection AddOrders(this IServiceCollection services) =>
        services
            .AddSingleton<GetOrder>()
            .AddSingleton<SearchOrders>()
            .AddSingleton<OrderSearchIndex>()
            .AddSingleton<PlaceOrder>()
            .AddSingleton<CancelLine>()
            .AddSingleton<ChangePriority>()
            .AddSingleton<HoldLine>()
            .AddSingleton<ShipOrder>();

    public static IEndpointRouteBuilder MapOrders(this IEndpointRouteBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapPost("", async (PlaceOrderRequest request, PlaceOrder place, CancellationToken ct) =>
        {
            var view = await place.HandleAsync(request, ct);
            return TypedResults.Created($"/api/orders/{Uri.EscapeDataString(view.Number)}", view);
        })
        .RequireAuthorization(Policies.ApiIntegration)
        .WithName("PlaceOrder")
        .WithSummary("Place an order: each line takes available stock at once and queues for the rest, with an ETA.");

        orders.MapGet("", async (string? query, string? page, string? pageSize, SearchOrders search, HttpResponse response, CancellationToken ct) =>
        {
            var result = await search.HandleAsync(query, WholeNumber(page, "page"), WholeNumber(pageSize, "pageSize"), ct);
            response.Headers[TotalCountHeader] = result.Total.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (result.TotalIsCapped)
            {
                response.Headers[TotalCountCappedHeader] = "true";
            }
            return result.Orders;
        })
            .WithName("SearchOrders")
            .WithSummary("Orders whose number, customer code, email or name contains the query (any case, accents optional), newest first, "
                + "a page at a time (?page=1&pageSize=50, at most 200); the X-Total-Count header says how many match (at most 1,000: X-Total-Count-Capped: true says more do, and the pages hold the 1,000 most recently entered). One or two characters "
                + "match the start of those instead; no query lists the newest.");

        orders.MapGet("/{number}", (string number, GetOrder get, CancellationToken ct) => get.HandleAsync(number, ct))
            .WithName("GetOrder")
            .WithSummary("The order with each line's status, queue position, ETA and its history, the allocations and why, and the timeline.");

        orders.MapPost("/{number}/lines/{lineNumber:int}/cancel", (string number, int lineNumber, CancelLineRequest? request, CancelLine cancel, ClaimsPrincipal user, CancellationToken ct) =>
            cancel.HandleAsync(number, lineNumber, request, DeskActor.From(user), ct))
            .RequireAuthorization(Policies.ApiIntegration)
            .WithName("CancelOrderLine")
            .WithSummary("Cancel open units of a line (all when qty is absent); released units go to the next line in the queue at once.");

        orders.MapPost("/{number}/priority", (string number, ChangePriorityRequest? request, ChangePriority change, ClaimsPrincipal user, CancellationToken ct) =>
            change.HandleAsync(number, request, DeskActor.From(user), ct))
            .RequireAuthorization(Policies.ApiIntegration)
            .WithName("ChangeOrderPriority")
            .WithSummary("Move an order to another priority class; its waiting lines take their new place in the queues.");

        orders.MapPost("/{number}/lines/{lineNumber:int}/hold", (string number, int lineNumber, HoldLineRequest? request, HoldLine hold, ClaimsPrincipal user, CancellationToken ct) =>
            hold.HoldAsync(number, lineNumber, request, DeskActor.From(user), ct))
            .RequireAuthorization(Policies.ApiIntegration)
            .WithName("HoldOrderLine")
            .WithSummary("Put a line on hold: allocation skips it and it keeps its place; it does not ship.");

        orders.MapPost("/{number}/lines/{lineNumber:int}/release", (string number, int lineNumber, HoldLine hold, ClaimsPrincipal user, CancellationToken ct) =>
            hold.ReleaseAsync(number, lineNumber, DeskActor.From(user), ct))
            .RequireAuthorization(Policies.ApiIntegration)
            .WithName("ReleaseOrderLine")
            .WithSummary("Release a held line; allocation runs for its SKU at once.");

        api.MapPost("/shipments", (ShipmentRequest request, ShipOrder ship, CancellationToken ct) => ship.HandleAsync(request, ct))
            .RequireAuthorization(Policies.ApiIntegration)
            .WithTags("Orders")
            .WithName("ShipOrder")
            .WithSummary("Ship allocated units of an order (all allocated when lines is absent); a ShipComplete order only when complete.");
        return api;
    }

    /// <summary>The response header that says how many orders a search matches in all (the body holds one page).</summary>
    public const string TotalCountHeader = "X-Total-Count";

    /// <summary>Set ("true") when more orders match than are counted (<see cref="OrderSearchIndex.CountLimit"/>).</summary>
    public const string TotalCountCappedHeader = "X-Total-Count-Capped";

    // Parsed here rather than bound as int? so that "page=abc" gets a problem that says what to fix.
    private static int? WholeNumber(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        new InputCheck().That(false, field, $"{field} must be a whole number.").ThrowIfInvalid();
        return null;
    }
}
