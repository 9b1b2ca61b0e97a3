using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using BackorderDesk.Data;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.ApiKeys;

/// <summary>A key that authenticates: its name (the caller's identity and rate-limit partition) and role.</summary>
public sealed record ApiKeyMatch(string Name, string Role);

/// <summary>
/// Finds the API key created in the UI that a caller presents, by its SHA-256 hash. Answers (also "no
/// such key") are kept for <see cref="CacheLifetime"/> so that a busy client does not cost a query per
/// request; creating or revoking a key here forgets its answer at once, and another instance sees a
/// revocation within <see cref="CacheLifetime"/>.
/// </summary>
public sealed class ApiKeyDirectory(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    // Unknown keys are remembered too; a flood of different wrong keys must not grow this without bound.
    private const int MaxCached = 10_000;

    private readonly ConcurrentDictionary<string, (ApiKeyMatch? Match, long Until)> _cache = new(StringComparer.Ordinal);

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes: all that is stored of a key.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public async Task<ApiKeyMatch?> FindAsync(string presented, CancellationToken cancellationToken)
    {
        var hash = Hash(presented);
        var now = time.GetTimestamp();
        if (_cache.TryGetValue(hash, out var cached) && now < cached.Until)
        {
            return cached.Match;
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var match = await db.ApiKeys.AsNoTracking()
            .Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new ApiKeyMatch(k.Name, k.Role))
            .FirstOrDefaultAsync(cancellationToken);
        if (match is not null && !ApiRoles.All.Contains(match.Role))
        {
            match = null;
        }

        if (_cache.Count >= MaxCached)
        {
            _cache.Clear();
        }

        _cache[hash] = (match, now + (long)(CacheLifetime.TotalSeconds * time.TimestampFrequency));
        return match;
    }

    /// <summary>Forgets what is known about a key, after it was created or revoked.</summary>
    public void Forget(string hash) => _cache.TryRemove(hash, out _);
}
