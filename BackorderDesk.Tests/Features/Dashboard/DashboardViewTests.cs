using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Kpis;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class DashboardViewTests
{
    private static readonly DateOnly Today = new(2026, 3, 2);

    [Fact]
    public void Without_a_period_kpis_cover_30_days_and_the_chart_90()
    {
        var view = DashboardView.Parse("http://localhost/");

        Assert.Equal(new DashboardView(), view);
        Assert.Equal(new KpiPeriod(new DateOnly(2026, 2, 1), Today), view.KpiPeriod(Today));
        Assert.Equal(new KpiPeriod(new DateOnly(2026, 1, 2), new DateOnly(2026, 1, 31)), view.PreviousPeriod(Today));
        Assert.Equal(new KpiPeriod(new DateOnly(2025, 12, 3), Today), view.ChartPeriod(Today));
        Assert.Null(view.Preset(Today));
    }

    [Fact]
    public void A_period_in_the_url_drives_kpis_trend_and_chart()
    {
        var view = DashboardView.Parse("http://localhost/?client=ACME&from=2026-02-24&to=2026-03-02");

        Assert.Equal(new DashboardView("ACME", new DateOnly(2026, 2, 24), Today), view);
        Assert.Equal(7, view.Preset(Today));
        Assert.Equal(new KpiPeriod(new DateOnly(2026, 2, 17), new DateOnly(2026, 2, 23)), view.PreviousPeriod(Today));
        Assert.Equal(view.KpiPeriod(Today), view.ChartPeriod(Today));
        Assert.Equal(
            new Dictionary<string, object?> { ["client"] = "ACME", ["from"] = "2026-02-24", ["to"] = "2026-03-02" },
            view.ToQuery());
    }

    [Theory]
    [InlineData("?from=2026-03-05&to=2026-03-01")]
    [InlineData("?from=yesterday&to=2026-03-01")]
    [InlineData("?from=2026-03-01")]
    [InlineData("?from=2024-01-01&to=2026-03-01")]
    public void A_malformed_reversed_half_or_too_long_period_is_ignored(string query)
    {
        var view = DashboardView.Parse("http://localhost/" + query);

        Assert.False(view.HasPeriod);
        Assert.Null(view.ToQuery()["from"]);
    }

    [Fact]
    public void A_preset_ends_today()
    {
        var view = new DashboardView("BETA").WithPreset(Today, 90);

        Assert.Equal(new DashboardView("BETA", new DateOnly(2025, 12, 3), Today), view);
        Assert.Equal(90, view.Preset(Today));
    }
}
