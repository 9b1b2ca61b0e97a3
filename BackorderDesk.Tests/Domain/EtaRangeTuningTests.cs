using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Domain;

/// <summary>
/// The counterfactual replay of first-quoted ranges, with one working day of handling. Arrivals are on
/// Monday 9 Nov 2026, so "+1 working day" is simple: Mon → Tue, Thu → Fri, Sat → Mon.
/// </summary>
public sealed class EtaRangeTuningTests
{
    private static readonly DateOnly Monday = new(2026, 11, 9);

    private static readonly DateTime Early = new(2026, 10, 1, 9, 0, 0, DateTimeKind.Utc);

    // Lateness 0,0,0,0,0,1,2,3,4,8 (two early receipts count as 0): P0 = P25 = P50 = 0, P80 = 3, P90 = 4, P95 = P98 = P100 = 8.
    private static readonly ReceiptDelay[] TenReceipts =
        [.. new[] { -2, 0, 0, -1, 0, 1, 2, 3, 4, 8 }.Select((d, i) => new ReceiptDelay(Early.AddHours(i), d))];

    [Fact]
    public void Each_line_gets_the_range_its_quote_would_have_had_from_the_receipts_before_it()
    {
        var quotedA = new DateTime(2026, 11, 5, 10, 0, 0, DateTimeKind.Utc);
        var quotedB = new DateTime(2026, 11, 11, 10, 0, 0, DateTimeKind.Utc);
        ReceiptDelay[] receipts =
        [
            new(quotedB, 30), // received at the very moment B was quoted: not yet known to B
            new(new DateTime(2026, 11, 10, 8, 0, 0, DateTimeKind.Utc), 10),
            new(new DateTime(2026, 11, 1, 8, 0, 0, DateTimeKind.Utc), 0),
        ];
        QuotedLine[] lines =
        [
            // B knows 0 and 10: P50 = 0, P90 = 10 → Tue 17 Nov … (Thu 26 + 1) Fri 27 Nov; shipped Fri 20: kept, 10 days wide.
            new(quotedB, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 20)),

            // A knows only the on-time receipt: 0–0 → Tue 10 Nov … Tue 10 Nov; shipped Thu 12: broken, 0 days wide.
            new(quotedA, Monday, new DateOnly(2026, 11, 12)),
        ];

        var tuning = EtaRangeTuning.Evaluate(receipts, lines, 1, [EtaRangeChoice.Default]);

        var score = Assert.Single(tuning.Scores);
        Assert.Equal(new CandidateScore(EtaRangeChoice.Default, 2, 1, 5.0, 10.0), score);
        Assert.Equal(0.5, score.KeptShare);
        Assert.Null(tuning.Chosen); // two lines say too little
    }

    [Fact]
    public void Without_earlier_receipts_the_range_is_not_widened()
    {
        var quoted = new DateTime(2026, 11, 2, 10, 0, 0, DateTimeKind.Utc);
        var tuning = EtaRangeTuning.Evaluate(
            [new ReceiptDelay(quoted.AddDays(1), 5)],
            [new QuotedLine(quoted, Monday, Monday.AddDays(1)), new QuotedLine(quoted, Monday, Monday.AddDays(2))],
            1,
            [new EtaRangeChoice(0, 100)]);

        // 0–0 → Tue 10 … Tue 10: the line shipped Tue is kept, the one shipped Wed is not.
        Assert.Equal(new CandidateScore(new(0, 100), 2, 1, 0, 0), tuning.Scores[0]);
    }

    [Fact]
    public void The_narrowest_pair_that_keeps_95_percent_is_chosen()
    {
        // 18 lines ship Fri 13 Nov (inside every range), 2 ship Mon 16 Nov (outside P50–P80's Tue 10 … Fri 13).
        var lines = Lines((18, Monday.AddDays(4)), (2, Monday.AddDays(7)));

        var tuning = EtaRangeTuning.Evaluate(TenReceipts, lines, 1);

        Assert.Equal(EtaRangeChoice.Candidates, tuning.Scores.Select(s => s.Choice));
        var byChoice = tuning.Scores.ToDictionary(s => s.Choice);

        // P50–P80: 0–3 → Tue 10 … Fri 13, 3 days wide, 18 of 20 (90 %).
        Assert.Equal(new CandidateScore(new(50, 80), 20, 18, 3, 3), byChoice[new(50, 80)]);

        // P50–P90: 0–4 → Tue 10 … (Fri 13 + 1) Mon 16, 6 days wide, 20 of 20.
        Assert.Equal(new CandidateScore(new(50, 90), 20, 20, 6, 6), byChoice[new(50, 90)]);

        // P0–P100: 0–8 → Tue 10 … (Tue 17 + 1) Wed 18, 8 days wide, 20 of 20: honest too, but wider.
        Assert.Equal(new CandidateScore(new(0, 100), 20, 20, 8, 8), byChoice[new(0, 100)]);
        Assert.Equal(new EtaRangeChoice(50, 90), tuning.Chosen);
    }

    [Fact]
    public void Exactly_95_percent_is_enough()
    {
        var lines = Lines((19, Monday.AddDays(4)), (1, Monday.AddDays(7)));

        var tuning = EtaRangeTuning.Evaluate(TenReceipts, lines, 1);

        Assert.Equal(0.95, tuning.Scores[0].KeptShare);
        Assert.Equal(new EtaRangeChoice(50, 80), tuning.Chosen);
    }

    [Fact]
    public void When_no_pair_reaches_the_target_the_most_honest_one_is_chosen_and_the_narrower_of_equals()
    {
        // 10 lines ship Wed 18 Nov (only the 0–8 ranges hold them), 10 ship 40 days late (none does).
        var lines = Lines((10, Monday.AddDays(9)), (10, Monday.AddDays(40)));

        var tuning = EtaRangeTuning.Evaluate(TenReceipts, lines, 1);

        Assert.All(tuning.Scores, s => Assert.True(s.KeptShare < EtaRangeTuning.Target));
        Assert.Equal([0, 0, 10, 10, 10, 10], tuning.Scores.Select(s => s.Kept));

        // P25–P95, P0–P95, P0–P98 and P0–P100 all keep 10 at 8 days: the first, P25–P95, is as narrow as any.
        Assert.Equal(new EtaRangeChoice(25, 95), tuning.Chosen);
    }

    [Fact]
    public void A_narrower_pair_wins_a_tie_in_honesty()
    {
        // Lateness 0 ×9 and 20: P95 = P98 = P100 = 20, P90 = 0. Everything ships 30 days late: nothing is kept.
        ReceiptDelay[] receipts = [.. Enumerable.Range(0, 9).Select(i => new ReceiptDelay(Early.AddHours(i), 0)), new(Early.AddHours(9), 20)];
        var tuning = EtaRangeTuning.Evaluate(receipts, Lines((20, Monday.AddDays(30))), 1);

        Assert.All(tuning.Scores, s => Assert.Equal(0, s.Kept));
        Assert.Equal(new EtaRangeChoice(50, 80), tuning.Chosen); // 0 days wide
    }

    [Fact]
    public void Fewer_than_20_lines_choose_nothing_but_are_still_scored()
    {
        var tuning = EtaRangeTuning.Evaluate(TenReceipts, Lines((EtaRangeTuning.MinimumLines - 1, Monday.AddDays(4))), 1);

        Assert.Null(tuning.Chosen);
        Assert.All(tuning.Scores, s => Assert.Equal(19, s.Lines));
        Assert.Equal(new EtaRangeChoice(50, 80), EtaRangeTuning.Evaluate(TenReceipts, Lines((EtaRangeTuning.MinimumLines, Monday.AddDays(4))), 1).Chosen);
    }

    [Fact]
    public void No_lines_score_zero_and_choose_nothing()
    {
        var tuning = EtaRangeTuning.Evaluate(TenReceipts, [], 1);

        Assert.All(tuning.Scores, s => Assert.Equal((0, 0, 0.0, 0.0, 0.0), (s.Lines, s.Kept, s.KeptShare, s.MeanWidthDays, s.P90WidthDays)));
        Assert.Null(tuning.Chosen);
    }

    [Fact]
    public void A_pair_that_is_not_a_percentile_pair_is_refused()
    {
        Assert.Throws<ArgumentException>(() => EtaRangeTuning.Evaluate(TenReceipts, [], 1, [new EtaRangeChoice(90, 50)]));
        Assert.Throws<DomainException>(() => new Supplier("S", "S", 5).ChooseEtaRange(new EtaRangeChoice(0, 101), [1]));
    }

    [Fact]
    public void Candidates_read_as_percentile_pairs_and_start_at_the_default()
    {
        Assert.Equal(
            ["P50–P80", "P50–P90", "P25–P95", "P0–P95", "P0–P98", "P0–P100"],
            EtaRangeChoice.Candidates.Select(c => c.ToString()));
        Assert.Equal(new EtaRangeChoice(50, 90), EtaRangeChoice.Default);
        var supplier = new Supplier("S", "S", 5);
        Assert.Equal(EtaRangeChoice.Default, supplier.EtaRange);
    }

    [Fact]
    public void A_supplier_widens_by_its_chosen_pair_and_keeps_p50_and_p90_for_its_figures()
    {
        var supplier = new Supplier("S", "S", 5);
        int[] delays = [.. TenReceipts.Select(r => r.DelayDays)];
        supplier.SetLatenessFrom(delays);
        Assert.Equal((0, 4, 0, 4), (supplier.LatenessP50Days, supplier.LatenessP90Days, supplier.EtaRangeFromDays, supplier.EtaRangeToDays));

        supplier.ChooseEtaRange(new EtaRangeChoice(50, 80), delays);
        Assert.Equal((0, 4, 0, 3), (supplier.LatenessP50Days, supplier.LatenessP90Days, supplier.EtaRangeFromDays, supplier.EtaRangeToDays));

        // A later receipt moves the range at the chosen pair.
        supplier.SetLatenessFrom([.. delays, 9, 9, 9]);
        Assert.Equal(new EtaRangeChoice(50, 80), supplier.EtaRange);
        Assert.Equal((2, 9), (supplier.EtaRangeFromDays, supplier.EtaRangeToDays)); // 0 ×5, 1, 2, 3, 4, 8, 9 ×3: rank 7 → 2, rank 11 → 9
    }

    [Fact]
    public void Ten_thousand_lines_and_receipts_are_replayed_in_one_pass()
    {
        var random = new Random(7);
        var receipts = Enumerable.Range(0, 10_000).Select(i => new ReceiptDelay(Early.AddHours(i), random.Next(-3, 15))).ToList();
        var lines = Enumerable.Range(0, 40_000)
            .Select(i => new QuotedLine(Early.AddHours(i / 4.0), DateOnly.FromDateTime(Early).AddDays(i / 96 + 10), DateOnly.FromDateTime(Early).AddDays(i / 96 + 10 + random.Next(0, 16))))
            .ToList();

        var tuning = EtaRangeTuning.Evaluate(receipts, lines, 1);

        Assert.All(tuning.Scores, s => Assert.Equal(40_000, s.Lines));
        Assert.NotNull(tuning.Chosen);

        // The widest pair is never narrower, nor less honest, than the narrowest.
        Assert.True(tuning.Scores[^1].Kept >= tuning.Scores[0].Kept);
        Assert.True(tuning.Scores[^1].MeanWidthDays >= tuning.Scores[0].MeanWidthDays);
    }

    private static List<QuotedLine> Lines(params (int Count, DateOnly ShippedOn)[] groups) =>
        [.. groups.SelectMany(g => Enumerable.Repeat(new QuotedLine(Early.AddDays(10), Monday, g.ShippedOn), g.Count))];
}
