using BackorderDesk.Tests.TestSupport;
using System.Net;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Catalog;

public sealed class SupplierAndClientApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();
    private HttpClient _api = null!;

    public ValueTask InitializeAsync()
    {
        _api = _app.Integration();
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Post_supplier_answers_201_with_location_and_no_receipt_figures()
    {
        var response = await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme Tents", leadTimeDays = 12, email = "po@acme.example" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/suppliers/ACME", response.Headers.Location?.OriginalString);
        var body = await response.JsonAsync();
        Assert.Equal("ACME", body.GetProperty("code").GetString());
        Assert.Equal("Acme Tents", body.GetProperty("name").GetString());
        Assert.Equal(12, body.GetProperty("leadTimeDays").GetInt32());
        Assert.Equal("po@acme.example", body.GetProperty("email").GetString());
        Assert.Equal(0, body.GetProperty("receivedLines").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("onTimeRate").ValueKind);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("latenessP50Days").ValueKind);

        var fetched = await (await _api.GetUrlAsync("/api/suppliers/ACME")).JsonAsync();
        Assert.Equal("Acme Tents", fetched.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Supplier_without_lead_time_gets_the_default_of_14_days()
    {
        var body = await (await _api.PostJsonAsync("/api/suppliers", new { code = "BRAVO", name = "Bravo" })).JsonAsync();

        Assert.Equal(14, body.GetProperty("leadTimeDays").GetInt32());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("email").ValueKind);
    }

    [Fact]
    public async Task Supplier_on_time_rate_and_lateness_count_receipts_against_the_original_expected_date()
    {
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme", leadTimeDays = 10 });
        foreach (var sku in new[] { "A", "B", "C", "D" })
        {
            await _api.PostJsonAsync("/api/skus", new { sku, name = $"Item {sku}", policy = "Backorderable", supplier = "ACME" });
        }

        // Expected Dec 1 (today), Dec 1, Nov 28, Nov 21; all received today (Dec 1):
        // delays 0, 0, 3, 10 days → on time 2 of 4 = 50 %; P50 = 0, P90 = 10 (nearest rank); mean lateness 13 / 4 = 3.25.
        await _api.PostJsonAsync("/api/purchase-orders", new
        {
            number = "PO-1",
            supplier = "ACME",
            lines = new object[]
            {
                new { sku = "A", qty = 5, expectedDate = "2026-12-01" },
                new { sku = "B", qty = 5, expectedDate = "2026-12-01" },
                new { sku = "C", qty = 5, expectedDate = "2026-11-28" },
                new { sku = "D", qty = 5, expectedDate = "2026-11-21" },
            },
        });

        // Moving B's date earlier does not change what was first promised (Dec 1).
        await _api.PatchJsonAsync("/api/purchase-orders/PO-1/lines/B", new { expectedDate = "2026-11-25" });
        foreach (var sku in new[] { "A", "B", "C", "D" })
        {
            var receipt = await _api.PostJsonAsync("/api/receipts", new { scanId = $"R-{sku}", sku, qty = 5, purchaseOrder = "PO-1" });
            Assert.Equal(HttpStatusCode.OK, receipt.StatusCode);
        }

        var body = await (await _api.GetUrlAsync("/api/suppliers/ACME")).JsonAsync();

        Assert.Equal(4, body.GetProperty("receivedLines").GetInt32());
        Assert.Equal(50m, body.GetProperty("onTimeRate").GetDecimal());
        Assert.Equal(0, body.GetProperty("latenessP50Days").GetInt32());
        Assert.Equal(10, body.GetProperty("latenessP90Days").GetInt32());
        Assert.Equal(3.3m, body.GetProperty("meanLatenessDays").GetDecimal());
    }

    [Fact]
    public async Task Unknown_supplier_is_404()
    {
        var body = await (await _api.GetUrlAsync("/api/suppliers/NOPE")).ProblemAsync(404);

        Assert.Contains("NOPE", body.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Duplicate_supplier_code_is_409_and_keeps_the_first()
    {
        await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Acme", leadTimeDays = 10 });
        var before = await _app.SnapshotAsync();

        var body = await (await _api.PostJsonAsync("/api/suppliers", new { code = "ACME", name = "Other" })).ProblemAsync(409);

        Assert.Contains("ACME already exists", body.GetProperty("title").GetString());
        Assert.Equal(before, await _app.SnapshotAsync());
    }

    public static TheoryData<string, string> BadSuppliers => new()
    {
        { """{ "name": "Acme" }""", "code" },
        { """{ "code": "", "name": "Acme" }""", "code" },
        { """{ "code": "   ", "name": "Acme" }""", "code" },
        { $$"""{ "code": "{{new string('X', 65)}}", "name": "Acme" }""", "code" },
        { """{ "code": "AC\u0007ME", "name": "Acme" }""", "code" },
        { """{ "code": "ACME" }""", "name" },
        { $$"""{ "code": "ACME", "name": "{{new string('n', 201)}}" }""", "name" },
        { """{ "code": "ACME", "name": "Ac\nme" }""", "name" },
        { """{ "code": "ACME", "name": "Acme", "leadTimeDays": -1 }""", "leadTimeDays" },
        { """{ "code": "ACME", "name": "Acme", "leadTimeDays": 366 }""", "leadTimeDays" },
        { """{ "code": "ACME", "name": "Acme", "email": "not-an-email" }""", "email" },
        { """{ "code": "ACME", "name": "Acme", "email": "a@b@c" }""", "email" },
    };

    [Theory]
    [MemberData(nameof(BadSuppliers))]
    public async Task Invalid_supplier_is_400_naming_the_field_and_changes_nothing(string json, string field)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/suppliers", json)).ValidationProblemAsync(field);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Theory]
    [InlineData("""{ "code": "ACME", "name": "Acme", "leadTimeDays": 99999999999 }""")]
    [InlineData("""{ "code": "ACME", "name": "Acme", "leadTimeDays": "ten" }""")]
    [InlineData("""{ "code": "ACME", "name": """)]
    [InlineData("")]
    public async Task Malformed_supplier_body_is_400_problem_and_changes_nothing(string json)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/suppliers", json)).ProblemAsync(400);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Posting_a_supplier_needs_an_integration_key()
    {
        var before = await _app.SnapshotAsync();
        var body = new { code = "ACME", name = "Acme" };

        await (await _app.ReadOnly().PostJsonAsync("/api/suppliers", body)).ProblemAsync(403);
        await (await _app.CreateClientWithKey(DeskTestHost.ScannerKey).PostJsonAsync("/api/suppliers", body)).ProblemAsync(403);
        await (await _app.CreateClientWithKey(null).PostJsonAsync("/api/suppliers", body)).ProblemAsync(401);
        await (await _app.CreateClientWithKey("wrong-key").PostJsonAsync("/api/suppliers", body)).ProblemAsync(401);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task A_fresh_database_has_the_default_client()
    {
        var body = await (await _app.ReadOnly().GetUrlAsync("/api/clients/DEFAULT")).JsonAsync();

        Assert.Equal("Default client", body.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Post_client_answers_201_and_a_duplicate_409()
    {
        var response = await _api.PostJsonAsync("/api/clients", new { code = "NTR", name = "Northtrail Outdoor Co." });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/api/clients/NTR", response.Headers.Location?.OriginalString);
        var body = await response.JsonAsync();
        Assert.Equal("NTR", body.GetProperty("code").GetString());
        Assert.Equal("Northtrail Outdoor Co.", body.GetProperty("name").GetString());

        var before = await _app.SnapshotAsync();
        await (await _api.PostJsonAsync("/api/clients", new { code = "NTR", name = "Again" })).ProblemAsync(409);
        await (await _api.PostJsonAsync("/api/clients", new { code = "DEFAULT", name = "Again" })).ProblemAsync(409);
        Assert.Equal(before, await _app.SnapshotAsync());
        await using var db = _app.CreateDbContext();
        Assert.Equal(2, await db.Clients.CountAsync(TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("""{ "name": "N" }""", "code")]
    [InlineData("""{ "code": "N\tT", "name": "N" }""", "code")]
    [InlineData("""{ "code": "NTR" }""", "name")]
    [InlineData("""{ "code": "NTR", "name": "" }""", "name")]
    public async Task Invalid_client_is_400_and_changes_nothing(string json, string field)
    {
        var before = await _app.SnapshotAsync();

        await (await _api.PostRawAsync("/api/clients", json)).ValidationProblemAsync(field);

        Assert.Equal(before, await _app.SnapshotAsync());
    }

    [Fact]
    public async Task Posting_a_client_with_a_read_only_key_is_403()
    {
        var before = await _app.SnapshotAsync();

        await (await _app.ReadOnly().PostJsonAsync("/api/clients", new { code = "NTR", name = "N" })).ProblemAsync(403);

        Assert.Equal(before, await _app.SnapshotAsync());
    }
}
