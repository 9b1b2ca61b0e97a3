using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.ApiKeys;

/// <summary>A key created in the UI; <see cref="Prefix"/> tells keys apart, the key itself is not kept.</summary>
public sealed record ApiKeyRow(long Id, string Name, string Role, string Prefix, string CreatedBy, DateTime CreatedAt, string? RevokedBy, DateTime? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}

/// <summary>A key from configuration (BackorderDesk:ApiKeys): only its name and role are shown.</summary>
public sealed record ConfiguredApiKey(string Name, string Role);

public sealed record ApiKeyList(IReadOnlyList<ApiKeyRow> Created, IReadOnlyList<ConfiguredApiKey> Configured);

public sealed class ListApiKeys(IDbContextFactory<WarehouseDbContext> factory, IOptionsMonitor<BackorderDeskOptions> options)
{
    public async Task<ApiKeyList> HandleAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var created = await db.ApiKeys.AsNoTracking()
            .Select(k => new ApiKeyRow(k.Id, k.Name, k.Role, k.Prefix, k.CreatedBy, k.CreatedAt, k.RevokedBy, k.RevokedAt))
            .ToListAsync(cancellationToken);
        var configured = options.CurrentValue.ApiKeys
            .Select(k => new ConfiguredApiKey(k.Name, k.Role))
            .OrderBy(k => k.Name, TextOrder.Instance)
            .ToList();

        // Working keys first, then revoked ones; newest first within each.
        return new ApiKeyList(created.OrderBy(k => k.IsRevoked).ThenByDescending(k => k.CreatedAt).ThenByDescending(k => k.Id).ToList(), configured);
    }
}
