using BackorderDesk.Features.Receiving;

namespace BackorderDesk.Tests.Features.Receiving;

public sealed class ScanSessionTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0, 0, 0, null)]
    [InlineData(1, 1, 0, 0, null)]
    [InlineData(1, 0, 1, 0, "1 scan not received")]
    [InlineData(10, 8, 2, 0, "2 of 10 scans not received")]
    [InlineData(10, 3, 1, 6, "1 of 10 scans not received")]
    [InlineData(10, 3, 0, 7, "Receiving 3 of 10 scans…")]
    [InlineData(10, 10, 0, 0, "All 10 scans received")]
    public void A_burst_says_how_it_went(int total, int received, int refused, int pending, string? text)
    {
        var summary = new BurstSummary(total, received, refused, pending);

        Assert.Equal(text, summary.Text);
        Assert.Equal(refused > 0, summary.NeedsAttention);
    }

    [Fact]
    public void Each_scan_has_its_own_entry_and_a_resend_finds_it_instead_of_adding_another()
    {
        var session = new ScanSession();

        var first = session.Add(Scan("a", "4006381333931"), At);
        var second = session.Add(Scan("b", "4006381333931"), At);
        var again = session.Add(Scan("a", "4006381333931"), At.AddSeconds(5));

        Assert.Same(first, again);
        Assert.Equal(["a", "b"], session.Entries.Select(e => e.ScanId));
        Assert.Same(second, session.Latest);
    }

    [Fact]
    public void Scans_in_quick_succession_are_one_burst_and_a_pause_after_it_has_settled_starts_the_next()
    {
        var session = new ScanSession();
        Answer(session.Add(Scan("a"), At));
        var b = session.Add(Scan("b"), At.AddSeconds(1));
        Assert.Equal(new BurstSummary(2, 1, 0, 1), session.Summary);

        Answer(b);
        Assert.Equal("All 2 scans received", session.Summary.Text);
        Answer(session.Add(Scan("c"), At.AddSeconds(1) + ScanSession.BurstGap));
        Assert.Equal("All 3 scans received", session.Summary.Text);

        session.Add(Scan("d"), At.AddSeconds(2) + ScanSession.BurstGap * 2);
        Assert.Equal(new BurstSummary(1, 0, 0, 1), session.Summary);
    }

    [Fact]
    public void A_scan_made_while_others_are_pending_joins_their_burst_however_long_they_take()
    {
        var session = new ScanSession();
        session.Add(Scan("a"), At);

        session.Add(Scan("b"), At.AddMinutes(1));

        Assert.Equal(new BurstSummary(2, 0, 0, 2), session.Summary);
    }

    [Fact]
    public void A_burst_with_a_refusal_stays_until_acknowledged_and_counts_the_scans_that_follow()
    {
        var session = new ScanSession();
        session.Add(Scan("a", "0000000000000"), At).Error = "Barcode 0000000000000 belongs to no SKU.";
        Answer(session.Add(Scan("b"), At));
        Assert.Equal("1 of 2 scans not received", session.Summary.Text);

        Answer(session.Add(Scan("c"), At));
        Assert.Equal("1 of 3 scans not received", session.Summary.Text);
        Assert.Equal(["0000000000000"], session.RefusedInBurst.Select(e => e.Barcode));

        session.Acknowledge();
        Assert.Null(session.Summary.Text);
        session.Add(Scan("d"), At.AddMinutes(1));
        Assert.Equal(new BurstSummary(1, 0, 0, 1), session.Summary);
    }

    [Fact]
    public void Acknowledging_keeps_the_scans_still_pending_in_the_burst()
    {
        var session = new ScanSession();
        session.Add(Scan("a"), At).Error = "No.";
        session.Add(Scan("b"), At);

        session.Acknowledge();

        Assert.Equal(new BurstSummary(1, 0, 0, 1), session.Summary);
    }

    [Fact]
    public void The_stations_earlier_scans_go_before_this_visits_scans_without_doubles()
    {
        var session = new ScanSession();
        session.Add(Scan("new"), At);
        var older = new ScanEntry("old-1", "", 1, At.AddHours(-2));
        var newer = new ScanEntry("old-2", "", 1, At.AddHours(-1));

        session.AddHistory([newer, older, new ScanEntry("new", "", 1, At)]);

        Assert.Equal(["old-1", "old-2", "new"], session.Entries.Select(e => e.ScanId));
        Assert.Equal("new", session.Latest!.ScanId);
        Assert.Equal(new BurstSummary(1, 0, 0, 1), session.Summary);
    }

    private static QueuedScan Scan(string id, string barcode = "4006381333931") => new(id, barcode, 1, null, "station-1");

    private static void Answer(ScanEntry entry) =>
        entry.Answer = new ReceiptAnswer(true, entry.ScanId, "TENT", "Tent", entry.Qty, 1, [], entry.Qty);
}
