using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.ApiKeys;

/// <summary>An Admin revokes a key created in the UI: it stops working here at once and everywhere within seconds.</summary>
public sealed class RevokeApiKey(IDbContextFactory<WarehouseDbContext> factory, ApiKeyDirectory directory, TimeProvider time)
{
    public async Task HandleAsync(long id, DeskActor actor, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw new NotFoundException("That API key does not exist (keys from configuration cannot be revoked here).");
        var now = time.GetUtcNow().UtcDateTime;
        key.Revoke(actor.UserName, now);
        db.AuditTrail.Add(new AuditEntry(now, actor.UserName, actor.DisplayName, "API key revoked", AuditSubject.ApiKey, key.Name, null,
            $"{key.Role}, active", $"{key.Role}, revoked", $"Revoked API key {key.Name} (starts {key.Prefix})."));
        await db.SaveChangesAsync(cancellationToken);
        directory.Forget(key.Hash);
    }
}
