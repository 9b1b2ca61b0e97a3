using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.ApiKeys;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.ApiKeys;

public sealed class ApiKeyAdministrationTests : IAsyncLifetime
{
    private static readonly DeskActor Admin = new("admin", "Ada Admin");
    private readonly DeskTestHost _factory = new();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private CreateApiKey Create => _factory.Services.GetRequiredService<CreateApiKey>();

    public ValueTask InitializeAsync()
    {
        _factory.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_created_key_is_random_stored_as_hash_and_prefix_and_audited_without_the_key()
    {
        var first = await Create.HandleAsync(new CreateApiKeyRequest(" webshop-eu ", ApiRoles.Integration), Admin, Ct);
        var second = await Create.HandleAsync(new CreateApiKeyRequest("webshop-us", ApiRoles.Integration), Admin, Ct);

        Assert.Equal("webshop-eu", first.Name);
        Assert.StartsWith(CreateApiKey.KeyStart, first.Key, StringComparison.Ordinal);
        Assert.True(first.Key.Length >= 40);
        Assert.NotEqual(first.Key, second.Key);
        await using var db = _factory.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(k => k.Name == "webshop-eu", Ct);
        Assert.Equal((ApiKeyDirectory.Hash(first.Key), first.Key[..CreateApiKey.PrefixLength], "admin"), (stored.Hash, stored.Prefix, stored.CreatedBy));
        var audit = await db.AuditTrail.Where(a => a.SubjectKey == "webshop-eu").SingleAsync(Ct);
        Assert.Equal(("API key created", AuditSubject.ApiKey, "Ada Admin"), (audit.Action, audit.Subject, audit.ActorName));
        Assert.DoesNotContain(first.Key, audit.Summary + audit.After, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Integration")]
    [InlineData("WEBSHOP")]
    public async Task A_name_used_by_a_configured_or_created_key_is_a_conflict(string name)
    {
        await Create.HandleAsync(new CreateApiKeyRequest("webshop", ApiRoles.ReadOnly), Admin, Ct);

        var ex = await Assert.ThrowsAsync<ConflictException>(() => Create.HandleAsync(new CreateApiKeyRequest(name, ApiRoles.ReadOnly), Admin, Ct));

        Assert.Equal("name", ex.Field);
        await using var db = _factory.CreateDbContext();
        Assert.Equal(1, await db.ApiKeys.CountAsync(Ct));
    }

    [Fact]
    public async Task A_bad_name_or_role_is_refused_per_field()
    {
        var ex = await Assert.ThrowsAsync<ValidationException>(() => Create.HandleAsync(new CreateApiKeyRequest(new string('x', 65), "Admin"), Admin, Ct));

        Assert.Contains("1–64 printable characters", ex.Errors["name"][0], StringComparison.Ordinal);
        Assert.Contains("Integration, Scanner, ReadOnly", ex.Errors["role"][0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_records_who_and_when_once_and_lists_configured_keys_apart()
    {
        var key = await Create.HandleAsync(new CreateApiKeyRequest("dock", ApiRoles.Scanner), Admin, Ct);
        var revoke = _factory.Services.GetRequiredService<RevokeApiKey>();

        await revoke.HandleAsync(key.Id, Admin, Ct);
        await Assert.ThrowsAsync<DomainException>(() => revoke.HandleAsync(key.Id, Admin, Ct));

        var list = await _factory.Services.GetRequiredService<ListApiKeys>().HandleAsync(Ct);
        var row = Assert.Single(list.Created);
        Assert.Equal(("dock", "admin", true), (row.Name, row.RevokedBy, row.IsRevoked));
        Assert.Equal(["integration", "readonly", "scanner"], list.Configured.Select(k => k.Name));
        await using var db = _factory.CreateDbContext();
        var audit = await db.AuditTrail.OrderByDescending(a => a.Id).FirstAsync(Ct);
        Assert.Equal(("API key revoked", "Scanner, active", "Scanner, revoked"), (audit.Action, audit.Before, audit.After));
    }
}
