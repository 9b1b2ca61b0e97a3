using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Receiving;

public static class ReceiptsEndpoints
{
    public const string ReplayHeader = "Idempotent-Replayed";

    public static IEndpointRouteBuilder MapReceipts(this IEndpointRouteBuilder api)
    {
        api.MapPost("/receipts", async (ReceiptRequest request, ReceiveScan receive, HttpResponse response, CancellationToken ct) =>
        {
            var answer = await receive.HandleAsync(request, ct);
            if (!answer.Applied)
            {
                response.Headers[ReplayHeader] = "true";
            }

            return TypedResults.Ok(answer);
        })
        .RequireAuthorization(Policies.ApiScan)
        .WithName("PostReceipt")
        .WithSummary("Receive scanned units; they are allocated to waiting lines at once. Exactly once per scanId.");
        return api;
    }
}
