using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Domain;

/// <summary>
/// A supplier with too few quoted lines has its range pair chosen from its receipts: each receipt is
/// judged against the percentiles of the receipts before it.
/// </summary>
public sealed class EtaTuningOnReceiptsTests
{
    private static readonly DateTime Early = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);

    private static ReceiptDelay[] Receipts(params int[] delays) => [.. delays.Select((d, i) => new ReceiptDelay(Early.AddHours(i), d))];

    [Fact]
    public void Without_enough_lines_the_narrowest_pair_that_keeps_95_percent_of_receipts_is_chosen()
    {
        // One 5-day-late receipt, then four blocks of four on time and one 5 days late. From the sixth
        // receipt on, between 1 in 9 and 1 in 5 of the receipts before each one were late: P80 = 0 and
        // P90 = 5. P50–P80 (0–0) keeps the 16 on-time receipts of the 20 judged; every other pair (0–5)
        // keeps all 20, and P50–P90 is the first of them.
        int[] block = [0, 0, 0, 0, 5];
        var receipts = Receipts([5, 0, 0, 0, 0, .. block, .. block, .. block, .. block]);

        var tuning = EtaRangeTuning.Evaluate(receipts, [], 1);

        Assert.Equal(TuningBasis.Receipts, tuning.Basis);
        Assert.Equal(new EtaRangeChoice(50, 90), tuning.Chosen);
        var scores = Assert.IsAssignableFrom<IReadOnlyList<CandidateScore>>(tuning.ReceiptScores);
        Assert.Equal(EtaRangeChoice.Candidates, scores.Select(s => s.Choice));
        Assert.Equal([16, 20, 20, 20, 20, 20], scores.Select(s => s.Kept));
        Assert.All(scores, s => Assert.Equal(20, s.Lines));
        Assert.Equal([0.0, 5.0, 5.0, 5.0, 5.0, 5.0], scores.Select(s => s.MeanWidthDays));

        // The quoted lines are still scored (none here).
        Assert.All(tuning.Scores, s => Assert.Equal(0, s.Lines));
    }

    [Fact]
    public void Receipts_of_the_same_moment_do_not_judge_each_other()
    {
        // Five on time, then twenty received at once 3 days late: each is judged against the five only.
        var at = Early.AddDays(1);
        ReceiptDelay[] receipts = [.. Receipts(0, 0, 0, 0, 0), .. Enumerable.Range(0, 20).Select(_ => new ReceiptDelay(at, 3))];

        var tuning = EtaRangeTuning.Evaluate(receipts, [], 1);

        Assert.Equal(TuningBasis.Receipts, tuning.Basis);
        Assert.All(tuning.ReceiptScores!, s => Assert.Equal((20, 0), (s.Lines, s.Kept)));
    }

    [Fact]
    public void Too_few_receipts_to_judge_choose_nothing()
    {
        // 24 receipts: the first five are not judged, which leaves 19.
        var tuning = EtaRangeTuning.Evaluate(Receipts([.. Enumerable.Repeat(2, 24)]), [], 1);

        Assert.Equal(TuningBasis.None, tuning.Basis);
        Assert.Null(tuning.Chosen);

        var enough = EtaRangeTuning.Evaluate(Receipts([.. Enumerable.Repeat(2, 25)]), [], 1);
        Assert.Equal((TuningBasis.Receipts, new EtaRangeChoice(50, 80)), (enough.Basis, enough.Chosen)); // all keep 100% at 0 days wide
    }

    [Fact]
    public void Twenty_quoted_lines_choose_among_the_pairs_that_keep_the_receipts_too()
    {
        // The receipts of the first test: P50–P80 keeps 16 of 20. Twenty lines quoted after all of them
        // (P50 = P80 = 0, P90 = 5) ship the day after arrival, inside every pair's range.
        int[] block = [0, 0, 0, 0, 5];
        var receipts = Receipts([5, 0, 0, 0, 0, .. block, .. block, .. block, .. block]);
        var monday = new DateOnly(2026, 11, 9);
        var lines = Enumerable.Range(0, EtaRangeTuning.MinimumLines)
            .Select(i => new QuotedLine(Early.AddDays(10).AddHours(i), monday, monday.AddDays(1)))
            .ToList();

        var tuning = EtaRangeTuning.Evaluate(receipts, lines, 1);

        Assert.Equal(TuningBasis.QuotedLines, tuning.Basis);
        Assert.All(tuning.Scores, s => Assert.Equal((20, 20), (s.Lines, s.Kept)));
        Assert.Equal(0, tuning.Scores[0].MeanWidthDays); // on lines alone P50–P80 would win
        Assert.Equal(16, tuning.ReceiptScores![0].Kept);
        Assert.Equal(new EtaRangeChoice(50, 90), tuning.Chosen);

        // With too few receipts to judge, the lines alone choose.
        var alone = EtaRangeTuning.Evaluate(receipts[..24], lines, 1);
        Assert.Null(alone.ReceiptScores);
        Assert.Equal(new EtaRangeChoice(50, 80), alone.Chosen);
    }
}
