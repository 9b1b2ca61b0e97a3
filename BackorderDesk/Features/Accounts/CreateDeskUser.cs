using BackorderDesk.Hosting;

namespace BackorderDesk.Features.Accounts;

public sealed record CreateDeskUserRequest(string? UserName, string? DisplayName, string? Role, string? Password);

/// <summary>An Admin adds a person with one role and an initial password.</summary>
public sealed class CreateDeskUser(UserAccounts accounts)
{
    public async Task<DeskUserRow> HandleAsync(CreateDeskUserRequest request, DeskActor actor, CancellationToken cancellationToken)
    {
        var userName = request.UserName?.Trim() ?? "";
        var check = new InputCheck()
            .That(userName.Length is >= 1 and <= 64 && userName.All(UserAccounts.UserNameCharacters.Contains), "userName",
                "The user name must be 1–64 characters: letters, digits and - . _ @ + (no spaces).")
            .Name("displayName", request.DisplayName)
            .That(request.Role is not null && DeskRoles.All.Contains(request.Role), "role", $"Choose a role: {string.Join(", ", DeskRoles.All)}.");
        if (UserAccounts.PasswordProblem(request.Password) is { } problem)
        {
            check.That(false, "password", problem);
        }

        check.ThrowIfInvalid();

        var displayName = request.DisplayName!.Trim();
        return await accounts.RunAsync(
            async (scope, ct) =>
            {
                if (await scope.Users.FindByNameAsync(userName) is { } existing)
                {
                    throw new ConflictException($"A user named {existing.UserName} already exists; choose another user name.", "userName");
                }

                var user = new DeskUser
                {
                    UserName = userName,
                    DisplayName = displayName,
                    CreatedAt = scope.Now.UtcDateTime,
                    LockoutEnabled = true,
                };
                UserScope.Check(await scope.Users.CreateAsync(user, request.Password!), "password");
                await scope.SetRoleAsync(user, request.Role!);
                scope.Audit(actor, "User created", user, null, $"{request.Role}, active",
                    $"Created user {userName} ({displayName}) as {request.Role}.");
                return new DeskUserRow(userName, displayName, request.Role, DeskUserState.Active, user.CreatedAt, null);
            },
            cancellationToken);
    }
}
