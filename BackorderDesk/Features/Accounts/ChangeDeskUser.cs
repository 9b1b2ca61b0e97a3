using BackorderDesk.Domain;
using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Accounts;

/// <summary>
/// An Admin changes an existing user: role, disable, enable, unlock, new password. Each change is
/// refused with a sentence when it makes no sense (e.g. disabling a disabled user) or would leave no
/// enabled Admin, and writes one audit entry with the state before and after.
/// </summary>
public sealed class ChangeDeskUser(UserAccounts accounts)
{
    public Task ChangeRoleAsync(string userName, string? role, DeskActor actor, CancellationToken cancellationToken)
    {
        if (role is null || !DeskRoles.All.Contains(role))
        {
            throw UserAccounts.Invalid("role", $"Choose a role: {string.Join(", ", DeskRoles.All)}.");
        }

        return accounts.RunAsync(
            async (scope, ct) =>
            {
                var user = await scope.FindAsync(userName, ct);
                var before = await scope.RoleOfAsync(user);
                if (before == role)
                {
                    throw new DomainException($"{user.UserName} already has the role {role}.", "role");
                }

                if (role != DeskRoles.Admin)
                {
                    await scope.KeepAnAdminAsync(user, $"made {role}");
                }

                await scope.SetRoleAsync(user, role);
                // A new security stamp makes open pages and hub connections re-check who this is, with the new role.
                UserScope.Check(await scope.Users.UpdateSecurityStampAsync(user), "user");
                scope.Audit(actor, "Role changed", user, before, role, $"Changed {user.UserName}'s role from {before ?? "none"} to {role}.");
                return true;
            },
            cancellationToken);
    }

    public Task DisableAsync(string userName, DeskActor actor, CancellationToken cancellationToken) =>
        accounts.RunAsync(
            async (scope, ct) =>
            {
                var user = await scope.FindAsync(userName, ct);
                if (user.IsDisabled)
                {
                    throw new DomainException($"{user.UserName} is already disabled.", "user");
                }

                await scope.KeepAnAdminAsync(user, "disabled");
                var before = StateText(user, scope.Now);
                user.IsDisabled = true;
                user.LockoutEnabled = true;
                // Sign-in refuses a locked-out user without looking further, and never past this date.
                user.LockoutEnd = DateTimeOffset.MaxValue;
                UserScope.Check(await scope.Users.UpdateAsync(user), "user");
                // Open pages and hub connections re-check the stamp and drop the user.
                UserScope.Check(await scope.Users.UpdateSecurityStampAsync(user), "user");
                scope.Audit(actor, "User disabled", user, before, "Disabled", $"Disabled {user.UserName}; they can no longer sign in.");
                return true;
            },
            cancellationToken);

    public Task EnableAsync(string userName, DeskActor actor, CancellationToken cancellationToken) =>
        accounts.RunAsync(
            async (scope, ct) =>
            {
                var user = await scope.FindAsync(userName, ct);
                if (!user.IsDisabled)
                {
                    throw new DomainException($"{user.UserName} is not disabled.", "user");
                }

                user.IsDisabled = false;
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                UserScope.Check(await scope.Users.UpdateAsync(user), "user");
                scope.Audit(actor, "User enabled", user, "Disabled", "Active", $"Enabled {user.UserName}; they can sign in again.");
                return true;
            },
            cancellationToken);

    public Task UnlockAsync(string userName, DeskActor actor, CancellationToken cancellationToken) =>
        accounts.RunAsync(
            async (scope, ct) =>
            {
                var user = await scope.FindAsync(userName, ct);
                if (user.IsDisabled)
                {
                    throw new DomainException($"{user.UserName} is disabled, not locked out; enable the user instead.", "user");
                }

                if (!(user.LockoutEnd > scope.Now))
                {
                    throw new DomainException($"{user.UserName} is not locked out.", "user");
                }

                var before = StateText(user, scope.Now);
                user.LockoutEnd = null;
                user.AccessFailedCount = 0;
                UserScope.Check(await scope.Users.UpdateAsync(user), "user");
                scope.Audit(actor, "User unlocked", user, before, "Active", $"Unlocked {user.UserName} after failed sign-ins.");
                return true;
            },
            cancellationToken);

    public Task ResetPasswordAsync(string userName, string? newPassword, DeskActor actor, CancellationToken cancellationToken)
    {
        if (UserAccounts.PasswordProblem(newPassword) is { } problem)
        {
            throw UserAccounts.Invalid("password", problem);
        }

        return accounts.RunAsync(
            async (scope, ct) =>
            {
                var user = await scope.FindAsync(userName, ct);
                // Validated before the old password is removed; both steps share the transaction anyway.
                foreach (var validator in scope.Users.PasswordValidators)
                {
                    UserScope.Check(await validator.ValidateAsync(scope.Users, user, newPassword), "password");
                }

                // Removing the password also renews the security stamp: sessions signed in with the old one end.
                UserScope.Check(await scope.Users.RemovePasswordAsync(user), "password");
                UserScope.Check(await scope.Users.AddPasswordAsync(user, newPassword!), "password");
                scope.Audit(actor, "Password reset", user, null, null, $"Set a new password for {user.UserName}; their open sessions end.");
                return true;
            },
            cancellationToken);
    }

    private static string StateText(DeskUser user, DateTimeOffset now) =>
        ListDeskUsers.StateOf(user.IsDisabled, user.LockoutEnd, now) switch
        {
            DeskUserState.Disabled => "Disabled",
            DeskUserState.LockedOut => "Locked out",
            _ => "Active",
        };
}
