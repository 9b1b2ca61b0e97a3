using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Accounts;

/// <summary>The result of creating a user: the user, or what to fix.</summary>
public sealed record UserCreation(DeskUser? User, IReadOnlyList<string> Errors);

/// <summary>
/// The people who can sign in at start-up: the roles always exist; Development gets one demo user per
/// role (<c>admin</c>, <c>manager</c>, <c>receiver</c>, <c>agent</c>, <c>planner</c>) whenever one is
/// missing; any other environment gets its first admin from <c>BackorderDesk:FirstAdmin</c> or the
/// one-time setup page, and refuses to start while a known demo password would let anyone in.
/// </summary>
public sealed class DeskUserSetup(
    UserManager<DeskUser> users,
    RoleManager<IdentityRole> roles,
    WarehouseDbContext db,
    TimeProvider time,
    IHostEnvironment environment,
    ILogger<DeskUserSetup> log)
{
    /// <summary>The Development demo password README documents; never accepted anywhere else.</summary>
    public const string DocumentedDemoPassword = "backorder-demo-2026";

    public Task<bool> AnyUserAsync(CancellationToken cancellationToken = default) => users.Users.AnyAsync(cancellationToken);

    public async Task EnsureAsync(BackorderDeskOptions options, CancellationToken cancellationToken = default)
    {
        foreach (var role in DeskRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                Throw(await roles.CreateAsync(new IdentityRole(role)), $"create the role {role}");
            }
        }

        if (environment.IsDevelopment())
        {
            await EnsureDemoUsersAsync(options.DemoPassword is { Length: > 0 } configured ? configured : DocumentedDemoPassword);
            return;
        }

        await RefuseKnownPasswordsAsync(options);
        if (options.FirstAdmin is { UserName.Length: > 0, Password.Length: > 0 } first && !await AnyUserAsync(cancellationToken))
        {
            var created = await CreateFirstAdminAsync(first.UserName, first.DisplayName ?? first.UserName, first.Password, cancellationToken);
            if (created.User is null)
            {
                throw new InvalidOperationException($"BackorderDesk:FirstAdmin could not be created: {string.Join(" ", created.Errors)}");
            }

            log.LogInformation("Created the first admin {UserName} from configuration.", first.UserName);
        }
        else if (!await AnyUserAsync(cancellationToken))
        {
            log.LogWarning("Nobody can sign in yet: open {Path} to set up the first admin, or set BackorderDesk:FirstAdmin.", DeskAuthentication.SetupPath);
        }
    }

    /// <summary>The first admin, only while nobody else exists (the setup page and BackorderDesk:FirstAdmin).</summary>
    public async Task<UserCreation> CreateFirstAdminAsync(string userName, string displayName, string password, CancellationToken cancellationToken = default)
    {
        if (await AnyUserAsync(cancellationToken))
        {
            return new UserCreation(null, ["The first admin already exists; sign in, and ask an admin for an account."]);
        }

        if (!environment.IsDevelopment() && password == DocumentedDemoPassword)
        {
            return new UserCreation(null, ["That is the documented demo password; choose another."]);
        }

        return await CreateAsync(userName.Trim(), displayName.Trim(), password, DeskRoles.Admin, DeskActor.System);
    }

    private async Task EnsureDemoUsersAsync(string password)
    {
        foreach (var role in DeskRoles.All)
        {
            var userName = role.ToLowerInvariant();
            if (await users.FindByNameAsync(userName) is not null)
            {
                continue;
            }

            var created = await CreateAsync(userName, $"Demo {role.ToLowerInvariant()}", password, role, DeskActor.System, audit: false);
            if (created.User is null)
            {
                throw new InvalidOperationException($"The demo user {userName} could not be created: {string.Join(" ", created.Errors)} Check BackorderDesk:DemoPassword.");
            }
        }
    }

    private async Task RefuseKnownPasswordsAsync(BackorderDeskOptions options)
    {
        if (options.DemoPassword == DocumentedDemoPassword || options.FirstAdmin?.Password == DocumentedDemoPassword)
        {
            throw new InvalidOperationException(
                $"Refusing to start in {environment.EnvironmentName}: the configuration sets the documented demo password. Remove BackorderDesk:DemoPassword and give BackorderDesk:FirstAdmin a password of your own.");
        }

        foreach (var role in DeskRoles.All)
        {
            if (await users.FindByNameAsync(role.ToLowerInvariant()) is { } demo && await users.CheckPasswordAsync(demo, DocumentedDemoPassword))
            {
                throw new InvalidOperationException(
                    $"Refusing to start in {environment.EnvironmentName}: the user '{demo.UserName}' still has the documented demo password. Reset it (or remove the user) in Development first.");
            }
        }
    }

    /// <summary>Creates a user with one role and records it in the audit trail (not the Development demo users, which are no one's change).</summary>
    public async Task<UserCreation> CreateAsync(string userName, string displayName, string password, string role, DeskActor actor, bool audit = true)
    {
        var user = new DeskUser
        {
            UserName = userName,
            DisplayName = displayName,
            CreatedAt = time.GetUtcNow().UtcDateTime,
        };
        var result = await users.CreateAsync(user, password);
        if (!result.Succeeded)
        {
            return new UserCreation(null, result.Errors.Select(e => e.Description).ToList());
        }

        Throw(await users.AddToRoleAsync(user, role), $"give {userName} the role {role}");
        if (!audit)
        {
            return new UserCreation(user, []);
        }

        db.AuditTrail.Add(new AuditEntry(
            time.GetUtcNow().UtcDateTime, actor.UserName, actor.DisplayName, "User created", AuditSubject.User, userName, null,
            null, role, $"Created {userName} ({displayName}) as {role}."));
        await db.SaveChangesAsync();
        return new UserCreation(user, []);
    }

    private static void Throw(IdentityResult result, string what)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
    }
}
