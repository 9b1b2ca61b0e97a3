using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Hosting;

/// <summary>
/// Another program holds the SQLite file locked: a write is refused with 503 and <c>Retry-After</c>
/// once the configured wait is over, writes nothing, and succeeds unchanged once the lock is gone.
/// The wait is set to 2 seconds here to keep the run short; elapsed times are written to the test
/// output, not asserted.
/// </summary>
public sealed class DatabaseBusyTests : IAsyncLifetime
{
    private readonly DeskTestHost _factory = new();
    private WebApplicationFactory<Program> _app = null!;
    private HttpClient _api = null!;

    public async ValueTask InitializeAsync()
    {
        _app = _factory.WithWebHostBuilder(b => b.UseSetting($"{BackorderDeskOptions.Section}:DatabaseBusyWaitSeconds", "2"));
        _api = _app.CreateClient();
        _api.DefaultRequestHeaders.Add(ApiKeyAuthenticationHandler.HeaderName, DeskTestHost.IntegrationKey);
        var sku = await _api.PostAsJsonAsync("/api/skus", new { sku = "A-1", name = "Anorak", policy = "Backorderable" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, sku.StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
    }

    public static TheoryData<string, string> Writes => new()
    {
        { "/api/orders", """{ "number": "SO-1", "customer": { "code": "C1", "name": "Ada", "type": "Dtc" }, "shipPolicy": "ShipPartial", "lines": [{ "sku": "A-1", "qty": 2 }] }""" },
        { "/api/receipts", """{ "scanId": "scan-1", "sku": "A-1", "qty": 3 }""" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task A_write_while_another_connection_holds_the_database_is_503_with_retry_after_and_writes_nothing(string url, string body)
    {
        var before = await CountsAsync();
        HttpResponseMessage refused;
        await using (var holder = await HoldWriteLockAsync())
        {
            var started = Stopwatch.GetTimestamp();
            refused = await PostAsync(url, body);
            TestContext.Current.SendDiagnosticMessage($"{url} refused after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        }

        var problem = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);
        using (var json = JsonDocument.Parse(problem))
        {
            Assert.Equal(BackorderDesk.Data.WarehouseBusyException.Title, json.RootElement.GetProperty("title").GetString());
        }

        Assert.Equal(before, await CountsAsync());

        var retried = await PostAsync(url, body);

        Assert.True(retried.IsSuccessStatusCode, await retried.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.NotEqual(before, await CountsAsync());
    }

    [Fact]
    public async Task A_read_while_another_connection_holds_the_database_exclusively_is_503_with_retry_after()
    {
        HttpResponseMessage refused;
        await using (var holder = await HoldWriteLockAsync(exclusive: true))
        {
            var started = Stopwatch.GetTimestamp();
            refused = await _api.GetAsync("/api/kpis", TestContext.Current.CancellationToken);
            TestContext.Current.SendDiagnosticMessage($"read refused after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms");
        }

        var problem = await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {problem}");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);

        var retried = await _api.GetAsync("/api/kpis", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
    }

    private Task<HttpResponseMessage> PostAsync(string url, string body) =>
        _api.PostAsync(url, new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    /// <summary>Orders, order lines, ledger entries and receipt scans in the database.</summary>
    private async Task<(int Orders, int Lines, int Ledger, int Scans)> CountsAsync()
    {
        await using var db = _factory.CreateDbContext();
        var ct = TestContext.Current.CancellationToken;
        return (await db.Orders.CountAsync(ct), await db.OrderLines.CountAsync(ct), await db.Ledger.CountAsync(ct), await db.ReceiptScans.CountAsync(ct));
    }

    /// <summary>
    /// A second connection that takes the write lock (BEGIN IMMEDIATE) and keeps it until disposed;
    /// <paramref name="exclusive"/> also shuts out readers (exclusive locking mode, as a backup tool might).
    /// </summary>
    private async Task<SqliteConnection> HoldWriteLockAsync(bool exclusive = false)
    {
        var connection = new SqliteConnection(_factory.ConnectionString);
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = exclusive
            ? "PRAGMA locking_mode=EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) FROM Skus;"
            : "BEGIN IMMEDIATE;";
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return connection;
    }
}
