using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.ApiKeys;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.ApiKeys;

public sealed class ApiKeyAuthenticationTests : IAsyncLifetime
{
    private static readonly DeskActor Admin = new("admin", "Ada Admin");
    private readonly DeskTestHost _factory = new();

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _factory.CreateClient().Dispose();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_created_scanner_key_posts_receipts_but_may_not_place_orders()
    {
        var key = await CreateAsync("dock-2", ApiRoles.Scanner);
        using var client = ClientWith(key.Key);

        var receipt = await client.PostAsJsonAsync("/api/receipts", new { scanId = "s-1", sku = "NOPE", qty = 1 }, Ct);
        var order = await client.PostAsJsonAsync("/api/orders", new { number = "SO-1" }, Ct);
        var read = await client.GetAsync("/api/reorder-alerts", Ct);

        // Authorized for receipts: the refusal is about the unknown SKU, not the key.
        Assert.NotEqual(HttpStatusCode.Unauthorized, receipt.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, receipt.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, order.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
    }

    [Fact]
    public async Task A_created_readonly_key_reads_and_may_not_post_receipts()
    {
        var key = await CreateAsync("reports", ApiRoles.ReadOnly);
        using var client = ClientWith(key.Key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reorder-alerts", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/receipts", new { scanId = "s-1", sku = "A", qty = 1 }, Ct)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_gets_401_at_once()
    {
        var key = await CreateAsync("webshop", ApiRoles.Integration);
        using var client = ClientWith(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reorder-alerts", Ct)).StatusCode);

        await _factory.Services.GetRequiredService<RevokeApiKey>().HandleAsync(key.Id, Admin, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/reorder-alerts", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_key_revoked_by_another_instance_is_refused_once_the_cached_answer_expires()
    {
        var key = await CreateAsync("webshop", ApiRoles.Integration);
        using var client = ClientWith(key.Key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/reorder-alerts", Ct)).StatusCode);

        // Another instance revokes: this one's cache is not told, only the database changes.
        await using (var db = _factory.CreateDbContext())
        {
            var record = await db.ApiKeys.SingleAsync(k => k.Id == key.Id, Ct);
            record.Revoke("admin", DateTime.UtcNow);
            await db.SaveChangesAsync(Ct);
        }

        var directory = new ApiKeyDirectory(_factory.Services.GetRequiredService<IDbContextFactory<BackorderDesk.Data.WarehouseDbContext>>(), TimeProvider.System);
        Assert.Null(await directory.FindAsync(key.Key, Ct));
    }

    [Fact]
    public async Task A_wrong_key_with_the_right_prefix_gets_401_and_the_database_holds_no_plaintext_key()
    {
        var key = await CreateAsync("webshop", ApiRoles.Integration);
        using var client = ClientWith(key.Prefix + "x");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/reorder-alerts", Ct)).StatusCode);

        await using var db = _factory.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(Ct);
        Assert.Equal(ApiKeyDirectory.Hash(key.Key), stored.Hash);
        Assert.Matches("^[0-9a-f]{64}$", stored.Hash);
        Assert.True(key.Key.Length > stored.Prefix.Length);
        var audit = await db.AuditTrail.ToListAsync(Ct);
        Assert.DoesNotContain(audit, a => $"{a.Before}{a.After}{a.Summary}".Contains(key.Key, StringComparison.Ordinal));
        foreach (var file in new[] { _factory.DatabasePath, _factory.DatabasePath + "-wal" }.Where(File.Exists))
        {
            Assert.DoesNotContain(key.Key, await File.ReadAllTextAsync(file, Ct), StringComparison.Ordinal);
        }
    }

    private Task<CreatedApiKey> CreateAsync(string name, string role) =>
        _factory.Services.GetRequiredService<CreateApiKey>().HandleAsync(new CreateApiKeyRequest(name, role), Admin, Ct);

    private HttpClient ClientWith(string key)
    {
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, key);
        return client;
    }
}
