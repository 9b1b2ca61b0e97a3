using System.Buffers.Text;
using System.Security.Cryptography;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, string? Role);

/// <summary>The new key, to show once: only its hash and <see cref="Prefix"/> are stored.</summary>
public sealed record CreatedApiKey(long Id, string Name, string Role, string Key, string Prefix);

/// <summary>An Admin creates an API key with a role for a channel, scanner or script.</summary>
public sealed class CreateApiKey(
    IDbContextFactory<WarehouseDbContext> factory,
    IOptionsMonitor<BackorderDeskOptions> options,
    ApiKeyDirectory directory,
    TimeProvider time)
{
    /// <summary>Every created key starts with this, so that a key in a log or a file is recognisable.</summary>
    public const string KeyStart = "bdk_";

    public const int PrefixLength = 12;

    public async Task<CreatedApiKey> HandleAsync(CreateApiKeyRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        new InputCheck()
            .That(!string.IsNullOrWhiteSpace(request.Name) && request.Name.Trim().Length <= 64 && !request.Name.Any(char.IsControl), "name",
                "The name must be 1–64 printable characters, e.g. the channel or device that uses the key.")
            .That(request.Role is not null && ApiRoles.All.Contains(request.Role), "role", $"Choose a role: {string.Join(", ", ApiRoles.All)}.")
            .ThrowIfInvalid();

        var name = request.Name!.Trim();
        var lower = name.ToLowerInvariant();
        if (options.CurrentValue.ApiKeys.Any(k => string.Equals(k.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new ConflictException($"A key named {name} is already in the configuration; choose another name.", "name");
        }

        // 32 random bytes: 256 bits nobody can guess; base64url so that it fits a header and a URL as it is.
        var key = KeyStart + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var hash = ApiKeyDirectory.Hash(key);
        var prefix = key[..PrefixLength];

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Names differing only in case would read as the same caller in the audit trail and the logs.
        if (await db.ApiKeys.AnyAsync(k => k.Name.ToLower() == lower, cancellationToken))
        {
            throw new ConflictException($"A key named {name} already exists (revoked keys keep their names); choose another name.", "name");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var record = new ApiKeyRecord(name, request.Role!, hash, prefix, actor.UserName, now);
        db.ApiKeys.Add(record);
        db.AuditTrail.Add(new AuditEntry(now, actor.UserName, actor.DisplayName, "API key created", AuditSubject.ApiKey, name, null, null,
            $"{request.Role}, active", $"Created API key {name} with role {request.Role} (starts {prefix})."));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException($"A key named {name} was created at the same moment; choose another name.", "name");
        }

        directory.Forget(hash);
        return new CreatedApiKey(record.Id, name, request.Role!, key, prefix);
    }
}
