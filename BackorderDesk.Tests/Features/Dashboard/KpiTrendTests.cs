using BackorderDesk.Features.Dashboard;

namespace BackorderDesk.Tests.Features.Dashboard;

public sealed class KpiTrendTests
{
    [Fact]
    public void A_higher_backorder_rate_is_worse_and_says_by_how_many_points() =>
        Assert.Equal(("▲ 2.5 pts against the previous period", true), KpiTrend.Describe(7.5m, 5.0m, "pts", higherIsBetter: false));

    [Fact]
    public void A_higher_fill_rate_is_better() =>
        Assert.Equal(("▲ 1.0 pts against the previous period", false), KpiTrend.Describe(96.0m, 95.0m, "pts", higherIsBetter: true));

    [Fact]
    public void A_shorter_time_to_fill_is_better() =>
        Assert.Equal(("▼ 1.3 days against the previous period", false), KpiTrend.Describe(2.2m, 3.5m, "days", higherIsBetter: false));

    [Fact]
    public void Without_a_previous_figure_there_is_no_trend() =>
        Assert.Equal(("no previous period to compare", false), KpiTrend.Describe(4.0m, null, "pts", higherIsBetter: false));

    [Fact]
    public void A_missing_value_is_shown_as_a_dash() =>
        Assert.Equal("—", KpiTrend.Format(null, " %"));
}
