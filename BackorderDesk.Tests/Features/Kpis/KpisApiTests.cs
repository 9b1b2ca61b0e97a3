using BackorderDesk.Data;
using System.Net;
using System.Text.Json;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Kpis;

/// <summary>One app over the KPI data set for the whole class: every case only reads.</summary>
public class KpisApp : IAsyncLifetime
{
    public KpisApp()
        : this(DatabaseProvider.Sqlite)
    {
    }

    protected KpisApp(string provider) => App = new DeskTestHost { Time = new FakeTimeProvider(KpiDataSet.Now), Provider = provider };

    public DeskTestHost App { get; }

    public async ValueTask InitializeAsync()
    {
        await using var db = App.CreateDbContext();
        await KpiDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

/// <summary>The KPI data set on PostgreSQL.</summary>
public sealed class KpisAppOnPostgres() : KpisApp(DatabaseProvider.Postgres);

public sealed class KpisApiTests(KpisApp shared) : KpisApiCases(shared), IClassFixture<KpisApp>;

/// <summary>Every test of <see cref="KpisApiTests"/> on PostgreSQL.</summary>
public sealed class KpisApiTestsOnPostgres(KpisAppOnPostgres shared) : KpisApiCases(shared), IClassFixture<KpisAppOnPostgres>;

/// <summary>The KPI API's tests, run on each provider by <see cref="KpisApiTests"/> and <see cref="KpisApiTestsOnPostgres"/>.</summary>
public abstract class KpisApiCases(KpisApp shared)
{
    private readonly DeskTestHost _app = shared.App;
    private readonly HttpClient _api = shared.App.CreateApiClient(ApiRoles.ReadOnly);

    [Fact]
    public async Task Get_kpis_answers_every_figure_under_the_names_of_the_api()
    {
        var (status, body) = await GetAsync("/api/kpis?from=2026-11-02&to=2026-11-08");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-11-02", body.GetProperty("from").GetString());
        Assert.Equal("2026-11-08", body.GetProperty("to").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("client").ValueKind);
        Assert.Equal(50.0m, body.GetProperty("backorderRate").GetDecimal());
        Assert.Equal(75.0m, body.GetProperty("currentBackorderRate").GetDecimal());
        Assert.Equal(50.0m, body.GetProperty("lineFillRate").GetDecimal());
        Assert.Equal(50.0m, body.GetProperty("perfectOrderRate").GetDecimal());
        Assert.Equal(4.06m, body.GetProperty("averageBackorderAgeDays").GetDecimal());
        Assert.Equal(2.69m, body.GetProperty("timeToFillDays").GetDecimal());
        Assert.Equal(25.0m, body.GetProperty("backorderCancellationRate").GetDecimal());
        Assert.Equal(50.0m, body.GetProperty("etaAccuracy").GetDecimal());
        Assert.Equal(6, body.GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(3, body.GetProperty("ordersBackordered").GetInt32());
    }

    [Fact]
    public async Task Without_dates_the_period_is_the_last_30_days_to_today()
    {
        var (status, body) = await GetAsync("/api/kpis");

        // Today is 10 Nov 2026: 12 Oct to 10 Nov holds O0..O7, O0 O2 O3 O6 O7 backordered.
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("2026-10-12", body.GetProperty("from").GetString());
        Assert.Equal("2026-11-10", body.GetProperty("to").GetString());
        Assert.Equal(8, body.GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(5, body.GetProperty("ordersBackordered").GetInt32());
        Assert.Equal(62.5m, body.GetProperty("backorderRate").GetDecimal());
    }

    [Fact]
    public async Task A_client_code_filters_and_a_period_without_orders_answers_nulls()
    {
        var (status, body) = await GetAsync("/api/kpis?from=2026-01-01&to=2026-01-31&client=BETA");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("BETA", body.GetProperty("client").GetString());
        Assert.Equal(0, body.GetProperty("ordersPlaced").GetInt32());
        foreach (var rate in new[] { "backorderRate", "lineFillRate", "perfectOrderRate", "timeToFillDays", "backorderCancellationRate", "etaAccuracy" })
        {
            Assert.Equal(JsonValueKind.Null, body.GetProperty(rate).ValueKind);
        }

        // Live figures are not bound to the period: BETA's O6 still waits, 4 days old.
        Assert.Equal(100.0m, body.GetProperty("currentBackorderRate").GetDecimal());
        Assert.Equal(4.0m, body.GetProperty("averageBackorderAgeDays").GetDecimal());
    }

    [Fact]
    public async Task An_unknown_client_is_404_naming_it()
    {
        var (status, body) = await GetAsync("/api/kpis?client=NOPE");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal("Client NOPE does not exist.", body.GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("/api/kpis?from=yesterday", "from", "from must be a date such as 2026-11-01 (yyyy-MM-dd); \"yesterday\" is not one.")]
    [InlineData("/api/kpis?from=2026-11-02&to=2026-13-01", "to", "to must be a date such as 2026-11-01 (yyyy-MM-dd); \"2026-13-01\" is not one.")]
    [InlineData("/api/kpis?from=2026-11-09&to=2026-11-02", "from", "from (2026-11-09) is after to (2026-11-02); swap them.")]
    [InlineData("/api/kpis?from=2025-01-01&to=2026-11-02", "to", "The period 2025-01-01 to 2026-11-02 is 671 days; ask for at most 400 days at once.")]
    [InlineData("/api/kpis/daily?to=2026-02-30", "to", "to must be a date such as 2026-11-01 (yyyy-MM-dd); \"2026-02-30\" is not one.")]
    public async Task A_bad_period_is_400_with_a_title_that_says_what_to_fix(string url, string field, string title)
    {
        var (status, body) = await GetAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(title, body.GetProperty("title").GetString());
        Assert.Equal(title, body.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task The_daily_series_defaults_to_90_days_ending_today()
    {
        var (status, body) = await GetAsync("/api/kpis/daily");

        Assert.Equal(HttpStatusCode.OK, status);
        var days = body.EnumerateArray().ToList();
        Assert.Equal(90, days.Count);
        Assert.Equal("2026-08-13", days[0].GetProperty("day").GetString());
        var last = days[^1];
        Assert.Equal("2026-11-10", last.GetProperty("day").GetString());
        Assert.Equal(0, last.GetProperty("ordersPlaced").GetInt32());
        Assert.Equal(JsonValueKind.Null, last.GetProperty("backorderRate").ValueKind);
        var second = days.Single(d => d.GetProperty("day").GetString() == "2026-11-02");
        Assert.Equal(50.0m, second.GetProperty("backorderRate").GetDecimal());
    }

    [Fact]
    public async Task Without_a_key_it_is_401()
    {
        using var anonymous = _app.CreateClient();

        var response = await anonymous.GetAsync(new Uri("/api/kpis", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string url)
    {
        var response = await _api.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonDocument.Parse(text).RootElement.Clone());
    }
}
