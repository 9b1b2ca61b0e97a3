using AngleSharp.Html.Parser;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Features.Dashboard;
using BackorderDesk.Features.Kpis;

namespace BackorderDesk.Tests.Features.Dashboard;

/// <summary>The Dashboard's charts drawn once per snapshot as SVG: what they draw and what they tell a screen reader.</summary>
public sealed class DashboardChartMarkupTests
{
    private static readonly DateOnly Day1 = new(2026, 3, 1);

    private static DailyBackorderRate Day(int offset, int placed, int backordered) =>
        new(Day1.AddDays(offset), placed, backordered, placed == 0 ? null : 100m * backordered / placed);

    [Fact]
    public void The_rate_chart_is_an_image_titled_and_described_with_its_figures()
    {
        // Days 0-1 form a run, day 2 has no orders, day 3 stands alone between empty days.
        var daily = new[] { Day(0, 10, 1), Day(1, 4, 2), Day(2, 0, 0), Day(3, 5, 0), Day(4, 0, 0) };

        var chart = DashboardChartMarkup.Build(daily, [], []).DailyRate;

        Assert.Equal(5, chart.Days);
        Assert.Equal(19, chart.Ordered);
        Assert.Equal("10,50,-,0,-", chart.Points);
        Assert.Equal("5 days: 3 of 19 orders went on backorder (15.8 %); 2 days above the 5 % target.", chart.Summary);
        var svg = new HtmlParser().ParseDocument($"<body>{chart.Svg}</body>").QuerySelector("svg")!;
        Assert.Equal("img", svg.GetAttribute("role"));
        Assert.Equal("chart-daily-rate-title", svg.GetAttribute("aria-labelledby"));
        Assert.Equal("chart-daily-rate-desc", svg.GetAttribute("aria-describedby"));
        Assert.Equal("Backorder rate per day", svg.QuerySelector("#chart-daily-rate-title")!.TextContent);
        var description = svg.QuerySelector("#chart-daily-rate-desc")!.TextContent;
        Assert.Contains("1 Mar 2026 to 5 Mar 2026", description, StringComparison.Ordinal);
        Assert.Contains(chart.Summary, description, StringComparison.Ordinal);
        Assert.Contains("Highest: 50 % on 2 Mar.", description, StringComparison.Ordinal);
        // One stroke for the run of two days, a dot for the day alone, nothing for the empty days.
        var path = Assert.Single(svg.QuerySelectorAll("path"));
        var d = path.GetAttribute("d")!;
        Assert.Equal((1, 1), (d.Count(c => c == 'M'), d.Count(c => c == 'L')));
        Assert.Single(svg.QuerySelectorAll("circle"));
        Assert.Contains(svg.QuerySelectorAll("text"), t => t.TextContent == "Target 5 %");
    }

    [Fact]
    public void A_period_without_orders_draws_no_rate()
    {
        var chart = DashboardChartMarkup.Build([Day(0, 0, 0), Day(1, 0, 0)], [], []).DailyRate;

        Assert.Equal(0, chart.Ordered);
        Assert.Equal("", chart.Svg);
        Assert.Equal("Last 2 days: no orders.", chart.Summary);
    }

    [Fact]
    public void The_bar_charts_draw_one_bar_per_figure_and_say_the_figures()
    {
        var ages = new[]
        {
            new AgeBucketUnits(AgeBucket.UpToWeek, "0–7 days", 2, 1200),
            new AgeBucketUnits(AgeBucket.TwoWeeks, "8–14 days", 1, 0),
            new AgeBucketUnits(AgeBucket.Month, "15–30 days", 1, 3),
            new AgeBucketUnits(AgeBucket.OverMonth, "Over 30 days", 1, 4),
        };
        var clients = new[] { new ClientUnits("A&B", 9), new ClientUnits("BETA", 4) };

        var charts = DashboardChartMarkup.Build([], ages, clients);

        var parser = new HtmlParser();
        var age = parser.ParseDocument($"<body>{charts.AgeSvg}</body>").QuerySelector("svg")!;
        Assert.Equal("img", age.GetAttribute("role"));
        Assert.Equal(4, age.QuerySelectorAll("rect").Length);
        Assert.Equal("Waiting units by age", age.QuerySelector("title")!.TextContent);
        Assert.EndsWith("0–7 days, 1,200 units; 8–14 days, 0 units; 15–30 days, 3 units; Over 30 days, 4 units.", age.QuerySelector("desc")!.TextContent, StringComparison.Ordinal);
        var client = parser.ParseDocument($"<body>{charts.ClientSvg}</body>").QuerySelector("svg")!;
        Assert.Equal(2, client.QuerySelectorAll("rect").Length);
        Assert.Contains(client.QuerySelectorAll("text"), t => t.TextContent == "A&B");
        Assert.EndsWith("A&B, 9 units; BETA, 4 units.", client.QuerySelector("desc")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_waiting_draws_no_bars()
    {
        var ages = Enum.GetValues<AgeBucket>().Select(b => new AgeBucketUnits(b, b.ToString(), 0, 0)).ToList();

        var charts = DashboardChartMarkup.Build([], ages, []);

        Assert.Equal("", charts.AgeSvg);
        Assert.Equal("", charts.ClientSvg);
    }
}
