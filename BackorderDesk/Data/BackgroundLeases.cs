using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data;

/// <summary>
/// A piece of background work that only one app instance may do at a time (a row in <c>Leases</c>):
/// held by <see cref="Holder"/> until <see cref="ExpiresAt"/>, then free for any instance to take.
/// </summary>
public sealed class BackgroundLease
{
    public string Name { get; set; } = "";

    public string Holder { get; set; } = "";

    public DateTime ExpiresAt { get; set; }
}

/// <summary>This process among the app instances that share one database: its name in <see cref="BackgroundLease"/>s.</summary>
public sealed class AppInstance
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>
/// Background work done once, not once per instance, when several instances share a database:
/// the nightly planning run, the daily rules, outbox delivery and the live demo each take their lease before they work. Taking is
/// one conditional UPDATE (the row's holder is this instance, or its lease has run out), so two
/// instances asking at the same moment never both get it, on SQLite or PostgreSQL. A holder that
/// stops (or dies) leaves the lease to run out; another instance then takes it over.
/// Time comes from the app's clock.
/// </summary>
public sealed class BackgroundLeases(IDbContextFactory<WarehouseDbContext> factory, AppInstance instance, TimeProvider time)
{
    public const string NightlyPlanning = "nightly-planning";
    public const string OutboxDelivery = "outbox-delivery";
    public const string DailyRules = "daily-rules";
    public const string LiveDemo = "live-demo";

    public string Holder => instance.Id;

    /// <summary>
    /// Takes or renews the lease <paramref name="name"/> for <paramref name="duration"/> from now;
    /// false when another instance holds it.
    /// </summary>
    public async Task<bool> TryTakeAsync(string name, TimeSpan duration, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var until = now + duration;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var taken = await db.Leases
            .Where(l => l.Name == name && (l.Holder == instance.Id || l.ExpiresAt <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, instance.Id).SetProperty(l => l.ExpiresAt, until), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.Leases.AnyAsync(l => l.Name == name, cancellationToken))
        {
            return false;
        }

        // The first time anyone asks for this lease.
        db.Leases.Add(new BackgroundLease { Name = name, Holder = instance.Id, ExpiresAt = until });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another instance created the row at the same moment (and holds it); anything else is a real failure.
            if (await HolderOfAsync(name, cancellationToken) is { } holder && holder != instance.Id)
            {
                return false;
            }

            throw;
        }
    }

    /// <summary>The instance holding <paramref name="name"/> right now, if any.</summary>
    public async Task<string?> HolderOfAsync(string name, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Leases.Where(l => l.Name == name && l.ExpiresAt > now).Select(l => l.Holder).SingleOrDefaultAsync(cancellationToken);
    }
}
