using BackorderDesk.Hosting;

namespace BackorderDesk.Features.CustomerService;

public static class CustomerServiceEndpoints
{
    public static IServiceCollection AddCustomerService(this IServiceCollection services)
    {
        services
            .AddSingleton<DeskOrderDetails>()
            .AddSingleton<DeskSearch>()
            .AddSingleton<SwapLine>()
            .AddSingleton<ExpediteRequests>()
            .AddSingleton<AgentNotes>()
            .AddSingleton<RestockSubscriptions>()
            .AddSingleton<RiskLists>()
            .AddSingleton<OutboxDelivery>()
            .AddHostedService<OutboxDeliveryService>();
        return services;
    }

    public static IEndpointRouteBuilder MapCustomerService(this IEndpointRouteBuilder api)
    {
        api.MapPost("/skus/{sku}/restock-subscriptions", async (string sku, RestockSubscriptionRequest? request, RestockSubscriptions subscriptions, CancellationToken ct) =>
            {
                var view = await subscriptions.SubscribeAsync(sku, request, ct);
                return view.Created
                    ? Results.Created($"/api/skus/{Uri.EscapeDataString(view.Sku)}/restock-subscriptions", view)
                    : Results.Ok(view);
            })
            .RequireAuthorization(Policies.ApiIntegration)
            .WithTags("Customer service")
            .WithName("SubscribeRestockNotice")
            .WithSummary("Ask to be told once when a StopSelling SKU is back in stock (201; 200 when the address already waits; 422 for other policies).");
        return api;
    }
}
