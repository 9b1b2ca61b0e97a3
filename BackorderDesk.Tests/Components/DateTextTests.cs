using BackorderDesk.Components;

namespace BackorderDesk.Tests.Components;

public sealed class DateTextTests
{
    [Fact]
    public void Days_and_instants_are_written_day_month_year_in_utc()
    {
        Assert.Equal("3 Dec 2026", DateText.Day(new DateOnly(2026, 12, 3)));
        Assert.Equal("3 Dec 2026", DateText.Day(new DateTime(2026, 12, 3, 23, 59, 0, DateTimeKind.Utc)));
        Assert.Equal("3 Dec 2026 14:05", DateText.Moment(new DateTime(2026, 12, 3, 14, 5, 59, DateTimeKind.Utc)));
        Assert.Equal("3 Dec 2026 14:05", DateText.Moment(new DateTimeOffset(2026, 12, 3, 15, 5, 0, TimeSpan.FromHours(1))));
        Assert.Equal("3 Dec 2026 14:05 UTC", DateText.MomentUtc(new DateTime(2026, 12, 3, 14, 5, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void The_text_does_not_depend_on_the_servers_culture()
    {
        var before = System.Globalization.CultureInfo.CurrentCulture;
        try
        {
            System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
            Assert.Equal("1 Mar 2026 09:00", DateText.Moment(new DateTime(2026, 3, 1, 9, 0, 0, DateTimeKind.Utc)));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = before;
        }
    }

    [Theory]
    [InlineData(2026, 12, 3, 2026, 12, 3, "3 Dec 2026")]
    [InlineData(2026, 12, 3, 2026, 12, 6, "3–6 Dec 2026")]
    [InlineData(2026, 11, 28, 2026, 12, 2, "28 Nov – 2 Dec 2026")]
    [InlineData(2026, 12, 30, 2027, 1, 4, "30 Dec 2026 – 4 Jan 2027")]
    public void A_range_names_its_month_and_year_once_when_they_are_shared(int fy, int fm, int fd, int ty, int tm, int td, string text) =>
        Assert.Equal(text, DateText.Range(new DateOnly(fy, fm, fd), new DateOnly(ty, tm, td)));
}
