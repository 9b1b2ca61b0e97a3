using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Accounts;

public enum DeskUserState
{
    Active,
    Disabled,
    LockedOut,
}

/// <summary>One person on the users page.</summary>
public sealed record DeskUserRow(string UserName, string DisplayName, string? Role, DeskUserState State, DateTime CreatedAt, DateTimeOffset? LockedOutUntil);

/// <summary>Everyone who can sign in (or could, before being disabled), in ordinal order of user name.</summary>
public sealed class ListDeskUsers(IDbContextFactory<WarehouseDbContext> factory, TimeProvider time)
{
    public async Task<IReadOnlyList<DeskUserRow>> HandleAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var users = await db.Users.AsNoTracking()
            .Select(u => new
            {
                u.UserName,
                u.DisplayName,
                u.IsDisabled,
                u.CreatedAt,
                u.LockoutEnd,
                Role = db.UserRoles.Where(ur => ur.UserId == u.Id)
                    .Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => r.Name)
                    .FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);

        // Lockout ends are compared here: SQLite cannot compare DateTimeOffset values in SQL, and the list is short.
        var now = time.GetUtcNow();
        return users
            .Select(u => new DeskUserRow(
                u.UserName ?? "",
                u.DisplayName,
                u.Role,
                StateOf(u.IsDisabled, u.LockoutEnd, now),
                u.CreatedAt,
                u.LockoutEnd > now ? u.LockoutEnd : null))
            .OrderBy(u => u.UserName, TextOrder.Instance)
            .ToList();
    }

    public static DeskUserState StateOf(bool isDisabled, DateTimeOffset? lockoutEnd, DateTimeOffset now) =>
        isDisabled ? DeskUserState.Disabled
        : lockoutEnd > now ? DeskUserState.LockedOut
        : DeskUserState.Active;
}
