using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.CustomerService;

public sealed record RestockSubscriptionRequest(string? Email);

/// <param name="Created">False when this address was already waiting for this SKU (nothing new was added).</param>
public sealed record RestockSubscriptionView(string Sku, string Email, DateTime CreatedAt, bool Created);

/// <summary>
/// A customer (or a channel for them) asks to be told when a StopSelling SKU is back in stock. The
/// receipt that makes it available writes one notice per subscriber in its own transaction
/// (OutboxNotices) and marks the subscription notified.
/// </summary>
public sealed class RestockSubscriptions(WarehouseWriter writer)
{
    public async Task<RestockSubscriptionView> SubscribeAsync(string skuCode, RestockSubscriptionRequest? request, CancellationToken cancellationToken)
    {
        new InputCheck().Code("sku", skuCode).Email("email", request?.Email).That(!string.IsNullOrWhiteSpace(request?.Email), "email", "email is required.").ThrowIfInvalid();
        var email = request!.Email!.Trim();
        skuCode = skuCode.Trim();
        return await writer.WriteAsync(
            async (scope, ct) =>
            {
                var sku = await scope.Db.Skus.FirstOrDefaultAsync(s => s.Code == skuCode, ct)
                    ?? throw new NotFoundException($"SKU {skuCode} does not exist.");
                var lower = email.ToLowerInvariant();
                var existing = await scope.Db.RestockSubscriptions
                    .FirstOrDefaultAsync(r => r.SkuId == sku.Id && r.NotifiedAt == null && r.Email.ToLower() == lower, ct);
                if (existing is not null)
                {
                    return new RestockSubscriptionView(sku.Code, existing.Email, existing.CreatedAt, false);
                }

                var subscription = new RestockSubscription(sku, email, scope.Now);
                scope.Db.RestockSubscriptions.Add(subscription);
                return new RestockSubscriptionView(sku.Code, email, scope.Now, true);
            },
            cancellationToken);
    }
}
