using System.Net;
using System.Text.Json;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Kpis;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Kpis;

/// <summary>
/// Dates a period cannot hold (years 1 and 9999 among them, where the day after or the days before
/// do not exist) are a 400 with a title that says what to fix on the KPI routes and the KPI
/// workbook, and a message on the Dashboard; never a 500. Today is 10 Nov 2026.
/// </summary>
/// <summary>One app for the whole class: every case only reads.</summary>
public sealed class PeriodBoundsApp : IAsyncLifetime
{
    public DeskTestHost App { get; } = new() { Time = new FakeTimeProvider(KpiDataSet.Now) };

    public HttpClient Api { get; private set; } = null!;

    public ValueTask InitializeAsync()
    {
        Api = App.CreateApiClient(ApiRoles.ReadOnly);
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}

public sealed class PeriodBoundsTests(PeriodBoundsApp shared) : IClassFixture<PeriodBoundsApp>
{
    private const string ToLate = "to must be a date from 2000-01-01 to 2100-12-31; 9999-12-31 is out of range.";
    private const string ToEarly = "to must be a date from 2000-01-01 to 2100-12-31; 0001-01-01 is out of range.";
    private const string FromEarly = "from must be a date from 2000-01-01 to 2100-12-31; 0001-01-01 is out of range.";
    private const string FromLate = "from must be a date from 2000-01-01 to 2100-12-31; 9999-12-31 is out of range.";

    private readonly HttpClient _api = shared.Api;

    [Theory]
    [InlineData("/api/kpis?to=9999-12-31", "to", ToLate)]
    [InlineData("/api/kpis?to=0001-01-01", "to", ToEarly)]
    [InlineData("/api/kpis?from=0001-01-01", "from", FromEarly)]
    [InlineData("/api/kpis?from=9999-12-31", "from", FromLate)]
    [InlineData("/api/kpis?from=9999-12-01&to=9999-12-31", "from", "from must be a date from 2000-01-01 to 2100-12-31; 9999-12-01 is out of range.")]
    [InlineData("/api/kpis?from=0001-01-01&to=0001-01-05", "from", FromEarly)]
    [InlineData("/api/kpis?from=2026-11-01&to=9999-12-31", "to", ToLate)]
    [InlineData("/api/kpis/daily?to=9999-12-31", "to", ToLate)]
    [InlineData("/api/kpis/daily?to=0001-01-01", "to", ToEarly)]
    [InlineData("/api/kpis/daily?from=0001-01-01", "from", FromEarly)]
    [InlineData("/api/kpis/daily?from=9999-12-31", "from", FromLate)]
    [InlineData("/api/exports/kpis.xlsx?to=9999-12-31", "to", ToLate)]
    [InlineData("/api/exports/kpis.xlsx?to=0001-01-01", "to", ToEarly)]
    [InlineData("/api/exports/kpis.xlsx?from=0001-01-01&to=0001-01-05", "from", FromEarly)]
    [InlineData("/api/exports/kpis.xlsx?client=DEFAULT&from=9999-12-01&to=9999-12-31", "from", "from must be a date from 2000-01-01 to 2100-12-31; 9999-12-01 is out of range.")]
    public async Task A_date_outside_the_years_a_period_may_cover_is_400_with_what_to_fix(string url, string field, string title)
    {
        var response = await _api.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(title, body.RootElement.GetProperty("title").GetString());
        Assert.Equal(title, body.RootElement.GetProperty("errors").GetProperty(field)[0].GetString());
    }

    [Theory]
    [InlineData("/api/kpis?from=2000-01-01&to=2000-01-01")]
    [InlineData("/api/kpis?to=2000-01-05")]
    [InlineData("/api/kpis/daily?to=2000-01-05")]
    [InlineData("/api/kpis?from=2100-12-01&to=2100-12-31")]
    [InlineData("/api/exports/kpis.xlsx?from=2000-01-01&to=2000-01-02")]
    [InlineData("/api/exports/kpis.xlsx?from=2100-12-31&to=2100-12-31")]
    public async Task The_first_and_last_days_a_period_may_cover_are_answered(string url)
    {
        var response = await _api.GetAsync(new Uri(url, UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Without_from_the_default_days_stop_at_the_first_day_a_period_may_cover()
    {
        var response = await _api.GetAsync(new Uri("/api/kpis/daily?to=2000-01-05", UriKind.Relative), TestContext.Current.CancellationToken);

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["2000-01-01", "2000-01-02", "2000-01-03", "2000-01-04", "2000-01-05"], body.RootElement.EnumerateArray().Select(d => d.GetProperty("day").GetString()));
    }

    [Theory]
    [InlineData("/?to=9999-12-31&from=9999-12-01", "from must be a date from 2000-01-01 to 2100-12-31; 9999-12-01 is out of range.")]
    [InlineData("/?from=0001-01-01&to=0001-01-05", FromEarly)]
    [InlineData("/?from=2026-01-01&to=9999-12-31", ToLate)]
    [InlineData("/?from=2026-03-05&to=2026-03-01", "from (2026-03-05) is after to (2026-03-01); swap them.")]
    [InlineData("/?to=0001-01-01", "A period needs both from and to.")]
    [InlineData("/?from=yesterday&to=2026-03-01", "from must be a date such as 2026-11-01 (yyyy-MM-dd); \"yesterday\" is not one.")]
    public void A_dashboard_address_with_dates_that_make_no_period_keeps_the_default_periods_and_says_why(string url, string problem)
    {
        var (view, message) = DashboardView.Read("http://localhost" + url);

        Assert.False(view.HasPeriod);
        Assert.Equal(problem, message);

        // Every period the page derives from the view can be built and bounded.
        var today = new DateOnly(2026, 3, 2);
        Assert.Equal(30, view.KpiPeriod(today).Days);
        Assert.Equal(30, view.PreviousPeriod(today).Days);
        Assert.Equal(90, view.ChartPeriod(today).Days);
    }

    [Fact]
    public void A_period_is_only_made_of_dates_within_the_bounds_in_order_and_at_most_400_days()
    {
        Assert.True(KpiPeriod.TryCreate(KpiPeriod.Earliest, KpiPeriod.Earliest.AddDays(399), out var period, out _));
        Assert.Equal(400, period.Days);
        Assert.Equal(new DateTime(2101, 1, 1, 0, 0, 0, DateTimeKind.Utc), new KpiPeriod(KpiPeriod.Latest, KpiPeriod.Latest).End);

        Assert.False(KpiPeriod.TryCreate(DateOnly.MinValue, DateOnly.MinValue, out _, out var early));
        Assert.Equal("from", early.Field);
        Assert.False(KpiPeriod.TryCreate(KpiPeriod.Latest, DateOnly.MaxValue, out _, out var late));
        Assert.Equal("to", late.Field);
        Assert.False(KpiPeriod.TryCreate(KpiPeriod.Earliest, KpiPeriod.Earliest.AddDays(400), out _, out var tooLong));
        Assert.Equal("The period 2000-01-01 to 2001-02-04 is 401 days; ask for at most 400 days at once.", tooLong.Message);
    }
}
