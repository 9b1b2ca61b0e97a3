using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Catalog;

/// <summary>
/// The client a request uses when it names none (API.md: a fresh database has one default client).
/// It is ensured at start-up, after the demo seeder ran, rather than seeded by a migration: the
/// seeder hands out its own client keys from 1, and a migration row would collide with them (as it
/// would with PostgreSQL identity sequences). Writers also add it when it is missing, so a database
/// migrated by other means works too.
/// </summary>
public static class DefaultClient
{
    public const string Code = "DEFAULT";
    public const string Name = "Default client";

    /// <summary>Adds the default client to <paramref name="db"/> when it is missing; returns it (tracked).</summary>
    public static async Task<Client> GetOrAddAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        var client = await db.Clients.FirstOrDefaultAsync(c => c.Code == Code, cancellationToken);
        if (client is null)
        {
            client = new Client(Code, Name);
            db.Clients.Add(client);
        }

        return client;
    }

    /// <summary>Start-up: makes sure the default client exists.</summary>
    public static async Task EnsureAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        await GetOrAddAsync(db, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }
}
