using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Identity;

namespace BackorderDesk.Features.Accounts;

/// <summary>
/// One change to users, with its own scope (a fresh context under Identity's managers) and one
/// transaction: the change and its audit entry are committed together, or neither is.
/// </summary>
public sealed class UserAccounts(IServiceScopeFactory scopes, TimeProvider time)
{
    public const string UserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";

    public async Task<T> RunAsync<T>(Func<UserScope, CancellationToken, Task<T>> change, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<WarehouseDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var result = await change(new UserScope(db, users, roles, time.GetUtcNow()), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    /// <summary>The reason a password is refused, or null: at least <see cref="AccountsRegistration.MinPasswordLength"/> characters.</summary>
    public static string? PasswordProblem(string? password) =>
        string.IsNullOrEmpty(password) ? $"Enter a password of at least {AccountsRegistration.MinPasswordLength} characters."
        : password.Length < AccountsRegistration.MinPasswordLength ? $"The password must be at least {AccountsRegistration.MinPasswordLength} characters long; this one has {password.Length}."
        : password.Length > 256 ? "The password must be at most 256 characters long."
        : null;

    public static ValidationException Invalid(string field, string message) =>
        new(new Dictionary<string, string[]> { [field] = [message] }, message);
}

public sealed record UserScope(WarehouseDbContext Db, UserManager<DeskUser> Users, RoleManager<IdentityRole> Roles, DateTimeOffset Now)
{
    public async Task<DeskUser> FindAsync(string? userName, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return (string.IsNullOrWhiteSpace(userName) ? null : await Users.FindByNameAsync(userName.Trim()))
            ?? throw new NotFoundException($"There is no user named {userName}.");
    }

    public async Task<string?> RoleOfAsync(DeskUser user) => (await Users.GetRolesAsync(user)).FirstOrDefault();

    /// <summary>Refuses a change that would leave no enabled Admin to manage users and keys.</summary>
    public async Task KeepAnAdminAsync(DeskUser user, string whatWouldHappen)
    {
        if (user.IsDisabled || await RoleOfAsync(user) != DeskRoles.Admin)
        {
            return;
        }

        var enabledAdmins = (await Users.GetUsersInRoleAsync(DeskRoles.Admin)).Count(u => !u.IsDisabled);
        if (enabledAdmins <= 1)
        {
            throw new DomainException(
                $"{user.UserName} is the last enabled Admin and cannot be {whatWouldHappen}; make another user Admin first.", "user");
        }
    }

    public async Task SetRoleAsync(DeskUser user, string role)
    {
        if (!await Roles.RoleExistsAsync(role))
        {
            Check(await Roles.CreateAsync(new IdentityRole(role)), "role");
        }

        var current = await Users.GetRolesAsync(user);
        if (current.Count > 0)
        {
            Check(await Users.RemoveFromRolesAsync(user, current), "role");
        }

        Check(await Users.AddToRoleAsync(user, role), "role");
    }

    public void Audit(DeskActor actor, string action, DeskUser user, string? before, string? after, string summary) =>
        Db.AuditTrail.Add(new AuditEntry(Now.UtcDateTime, actor.UserName, actor.DisplayName, action, AuditSubject.User, user.UserName ?? "", null, before, after, summary));

    /// <summary>Identity's own refusals (a password it rejects, a duplicate name) become a validation error on <paramref name="field"/>.</summary>
    public static void Check(IdentityResult result, string field)
    {
        if (!result.Succeeded)
        {
            var message = string.Join(" ", result.Errors.Select(e => e.Description));
            throw UserAccounts.Invalid(field, message);
        }
    }
}
