using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Accounts;

public sealed class UserAdministrationTests : IAsyncLifetime
{
    private const string Password = "correct horse battery";
    private static readonly DeskActor Admin = new("admin", "Ada Admin");

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private SqliteTestDatabase _db = null!;
    private ServiceProvider _services = null!;

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private CreateDeskUser Create => _services.GetRequiredService<CreateDeskUser>();

    private ChangeDeskUser Change => _services.GetRequiredService<ChangeDeskUser>();

    public async ValueTask InitializeAsync()
    {
        _db = await SqliteTestDatabase.CreateAsync();
        _services = UserServices(_db, _time);
    }

    /// <summary>Identity and the user use cases over a test database, as the app composes them.</summary>
    public static ServiceProvider UserServices(SqliteTestDatabase db, TimeProvider time)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(time);
        services.AddSingleton<IDbContextFactory<WarehouseDbContext>>(db);
        services.AddScoped(_ => db.CreateDbContext());
        services.AddDeskUsers();
        services.AddUserAdministration();
        return services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task Created_user_has_its_role_a_hashed_password_and_an_audit_entry()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("ana", "Ana Lopez", DeskRoles.Agent, Password), Admin, Ct);

        var rows = await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct);
        var ana = Assert.Single(rows);
        Assert.Equal(("ana", "Ana Lopez", DeskRoles.Agent, DeskUserState.Active, _time.GetUtcNow().UtcDateTime), (ana.UserName, ana.DisplayName, ana.Role, ana.State, ana.CreatedAt));

        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
        var user = (await users.FindByNameAsync("ANA"))!;
        Assert.True(await users.CheckPasswordAsync(user, Password));
        Assert.DoesNotContain(Password, user.PasswordHash, StringComparison.Ordinal);

        var audit = await SingleAuditAsync();
        Assert.Equal(("admin", "Ada Admin", "User created", AuditSubject.User, "ana", null, "Agent, active"), (audit.UserName, audit.ActorName, audit.Action, audit.Subject, audit.SubjectKey, audit.Before, audit.After));
        Assert.DoesNotContain(Password, audit.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short pass1", "at least 12 characters long; this one has 11")]
    [InlineData("", "at least 12 characters")]
    public async Task A_password_under_12_characters_is_refused_with_what_to_fix(string password, string expected)
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Create.HandleAsync(new CreateDeskUserRequest("ana", "Ana", DeskRoles.Agent, password), Admin, Ct));

        Assert.Contains(expected, Assert.Single(ex.Errors["password"]), StringComparison.Ordinal);
        Assert.Empty(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct));
    }

    [Fact]
    public async Task A_bad_user_name_or_role_is_refused_per_field()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Create.HandleAsync(new CreateDeskUserRequest("ana lopez", " ", "Boss", Password), Admin, Ct));

        Assert.Equal(["displayName", "role", "userName"], ex.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("no spaces", ex.Errors["userName"][0], StringComparison.Ordinal);
        Assert.Contains("Admin, Manager, Receiver, Agent, Planner", ex.Errors["role"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_name_taken_in_any_case_is_a_conflict_and_changes_nothing()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("ana", "Ana Lopez", DeskRoles.Agent, Password), Admin, Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => Create.HandleAsync(new CreateDeskUserRequest("ANA", "Other Ana", DeskRoles.Manager, Password), Admin, Ct));

        Assert.Contains("already exists", ex.Message, StringComparison.Ordinal);
        Assert.Single(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct));
        await SingleAuditAsync();
    }

    [Fact]
    public async Task The_last_enabled_admin_can_be_neither_disabled_nor_demoted()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("admin", "Ada Admin", DeskRoles.Admin, Password), DeskActor.System, Ct);

        var disable = await Assert.ThrowsAsync<DomainException>(() => Change.DisableAsync("admin", Admin, Ct));
        var demote = await Assert.ThrowsAsync<DomainException>(() => Change.ChangeRoleAsync("admin", DeskRoles.Manager, Admin, Ct));

        Assert.Contains("last enabled Admin", disable.Message, StringComparison.Ordinal);
        Assert.Contains("last enabled Admin", demote.Message, StringComparison.Ordinal);
        var admin = Assert.Single(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct));
        Assert.Equal((DeskRoles.Admin, DeskUserState.Active), (admin.Role, admin.State));
    }

    [Fact]
    public async Task With_a_second_admin_one_can_be_demoted_and_the_audit_shows_before_and_after()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("admin", "Ada Admin", DeskRoles.Admin, Password), DeskActor.System, Ct);
        await Create.HandleAsync(new CreateDeskUserRequest("bob", "Bob Boss", DeskRoles.Admin, Password), DeskActor.System, Ct);

        await Change.ChangeRoleAsync("bob", DeskRoles.Manager, Admin, Ct);

        var bob = (await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct)).Single(u => u.UserName == "bob");
        Assert.Equal(DeskRoles.Manager, bob.Role);
        var audit = await LastAuditAsync();
        Assert.Equal(("Role changed", "bob", "Admin", "Manager"), (audit.Action, audit.SubjectKey, audit.Before, audit.After));
    }

    [Fact]
    public async Task Disabling_locks_the_user_out_and_renews_the_stamp_and_enabling_undoes_it()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("ana", "Ana Lopez", DeskRoles.Agent, Password), Admin, Ct);
        var stampBefore = await StampAsync("ana");

        await Change.DisableAsync("ana", Admin, Ct);

        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
            var ana = (await users.FindByNameAsync("ana"))!;
            Assert.True(ana.IsDisabled);
            Assert.True(ana.LockoutEnd > _time.GetUtcNow().AddYears(100));
            Assert.True(await users.IsLockedOutAsync(ana));
            Assert.NotEqual(stampBefore, ana.SecurityStamp);
        }

        var disabled = await LastAuditAsync();
        Assert.Equal(("User disabled", "Active", "Disabled"), (disabled.Action, disabled.Before, disabled.After));
        Assert.Equal(DeskUserState.Disabled, Assert.Single(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct)).State);
        await Assert.ThrowsAsync<DomainException>(() => Change.DisableAsync("ana", Admin, Ct));

        await Change.EnableAsync("ana", Admin, Ct);

        Assert.Equal(DeskUserState.Active, Assert.Single(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct)).State);
        Assert.Equal("User enabled", (await LastAuditAsync()).Action);
    }

    [Fact]
    public async Task A_locked_out_user_shows_as_locked_out_and_can_be_unlocked()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("ana", "Ana Lopez", DeskRoles.Agent, Password), Admin, Ct);
        await using (var scope = _services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
            await users.SetLockoutEndDateAsync((await users.FindByNameAsync("ana"))!, _time.GetUtcNow().AddMinutes(5));
        }

        Assert.Equal(DeskUserState.LockedOut, Assert.Single(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct)).State);

        await Change.UnlockAsync("ana", Admin, Ct);

        Assert.Equal(DeskUserState.Active, Assert.Single(await _services.GetRequiredService<ListDeskUsers>().HandleAsync(Ct)).State);
        Assert.Equal(("User unlocked", "Locked out", "Active"), ((await LastAuditAsync()).Action, (await LastAuditAsync()).Before, (await LastAuditAsync()).After));
        var again = await Assert.ThrowsAsync<DomainException>(() => Change.UnlockAsync("ana", Admin, Ct));
        Assert.Contains("not locked out", again.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reset_password_replaces_the_old_one_and_refuses_a_short_one()
    {
        await Create.HandleAsync(new CreateDeskUserRequest("ana", "Ana Lopez", DeskRoles.Agent, Password), Admin, Ct);
        var stampBefore = await StampAsync("ana");

        var tooShort = await Assert.ThrowsAsync<ValidationException>(() => Change.ResetPasswordAsync("ana", "tiny", Admin, Ct));
        Assert.Contains("at least 12 characters", tooShort.Title, StringComparison.Ordinal);

        await Change.ResetPasswordAsync("ana", "a brand new passphrase", Admin, Ct);

        await using var scope = _services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DeskUser>>();
        var ana = (await users.FindByNameAsync("ana"))!;
        Assert.False(await users.CheckPasswordAsync(ana, Password));
        Assert.True(await users.CheckPasswordAsync(ana, "a brand new passphrase"));
        Assert.NotEqual(stampBefore, ana.SecurityStamp);
        var audit = await LastAuditAsync();
        Assert.Equal(("Password reset", null, null), (audit.Action, audit.Before, audit.After));
        Assert.DoesNotContain("passphrase", audit.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Changing_an_unknown_user_is_not_found()
    {
        await Assert.ThrowsAsync<NotFoundException>(() => Change.DisableAsync("nobody", Admin, Ct));
    }

    private async Task<string?> StampAsync(string userName)
    {
        await using var db = _db.CreateDbContext();
        return await db.Users.Where(u => u.UserName == userName).Select(u => u.SecurityStamp).SingleAsync(Ct);
    }

    private async Task<AuditEntry> SingleAuditAsync()
    {
        await using var db = _db.CreateDbContext();
        return Assert.Single(await db.AuditTrail.ToListAsync(Ct));
    }

    private async Task<AuditEntry> LastAuditAsync()
    {
        await using var db = _db.CreateDbContext();
        return await db.AuditTrail.OrderByDescending(a => a.Id).FirstAsync(Ct);
    }
}
