namespace BackorderDesk.Domain;

/// <summary>
/// Which percentiles of a supplier's receipt lateness (early = 0) bound its ETA ranges: an arrival
/// date is widened to arrival + P<see cref="LowPercentile"/> … arrival + P<see cref="HighPercentile"/>.
/// </summary>
public readonly record struct EtaRangeChoice(int LowPercentile, int HighPercentile)
{
    /// <summary>The pairs the tuning compares, narrowest first.</summary>
    public static IReadOnlyList<EtaRangeChoice> Candidates { get; } =
        [new(50, 80), new(50, 90), new(25, 95), new(0, 95), new(0, 98), new(0, 100)];

    /// <summary>P50–P90: what every supplier starts with.</summary>
    public static EtaRangeChoice Default => new(50, 90);

    /// <summary>Whether both ends are percentiles (0–100) and the low one is not above the high one.</summary>
    public bool IsValid => LowPercentile is >= 0 and <= 100 && HighPercentile is >= 0 and <= 100 && LowPercentile <= HighPercentile;

    public override string ToString() => $"P{LowPercentile}–P{HighPercentile}";
}

/// <summary>One receipt of a supplier: when it arrived and <see cref="ReceiptHistory.DelayDays"/> (negative = early).</summary>
public sealed record ReceiptDelay(DateTime ReceivedAt, int DelayDays);

/// <summary>A backordered line's first quote (when, and the arrival date the range was built on) and the day it shipped.</summary>
public sealed record QuotedLine(DateTime QuotedAt, DateOnly Arrival, DateOnly ShippedOn);

/// <summary>How a percentile pair would have done on a supplier's quoted lines.</summary>
public sealed record CandidateScore(EtaRangeChoice Choice, int Lines, int Kept, double MeanWidthDays, double P90WidthDays)
{
    /// <summary>The share of lines shipped inside the range they would have been quoted.</summary>
    public double KeptShare => Lines == 0 ? 0 : (double)Kept / Lines;
}

/// <summary>Every candidate's score and the pair chosen (null: too few lines to judge).</summary>
public sealed record SupplierTuning(IReadOnlyList<CandidateScore> Scores, EtaRangeChoice? Chosen);

/// <summary>
/// Chooses, per supplier, the narrowest percentile pair that keeps at least <see cref="Target"/> of
/// first-quoted ranges honest, by replaying its history: each quoted line gets, for each candidate,
/// the range it WOULD have been quoted from the receipts known when it was quoted (those received
/// before it), and is kept when it shipped inside that range.
/// </summary>
public static class EtaRangeTuning
{
    /// <summary>The share of first-quoted ranges that must hold.</summary>
    public const double Target = 0.95;

    /// <summary>Fewer quoted lines than this say too little to choose by: no choice is made.</summary>
    public const int MinimumLines = 20;

    public static SupplierTuning Evaluate(
        IReadOnlyList<ReceiptDelay> receipts,
        IReadOnlyList<QuotedLine> lines,
        int handlingWorkingDays,
        IReadOnlyList<EtaRangeChoice>? candidates = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(handlingWorkingDays);
        candidates ??= EtaRangeChoice.Candidates;
        foreach (var candidate in candidates)
        {
            if (!candidate.IsValid)
            {
                throw new ArgumentException($"{candidate} is not a percentile pair (0 ≤ low ≤ high ≤ 100).", nameof(candidates));
            }
        }

        var byTime = receipts.OrderBy(r => r.ReceivedAt).ToArray();
        var quoted = lines.OrderBy(l => l.QuotedAt).ToArray();
        var kept = new int[candidates.Count];
        var widths = candidates.Select(_ => new int[quoted.Length]).ToArray();
        var known = new List<int>(byTime.Length); // lateness of the receipts before the current quote, sorted
        var next = 0;
        var bounds = new (int Low, int High)[candidates.Count];
        var boundsFor = -1; // the number of known receipts the bounds were computed from

        for (var i = 0; i < quoted.Length; i++)
        {
            var line = quoted[i];
            while (next < byTime.Length && byTime[next].ReceivedAt < line.QuotedAt)
            {
                var lateness = ReceiptHistory.LatenessDays(byTime[next++].DelayDays);
                var at = known.BinarySearch(lateness);
                known.Insert(at < 0 ? ~at : at, lateness);
            }

            if (boundsFor != known.Count)
            {
                for (var c = 0; c < candidates.Count; c++)
                {
                    bounds[c] = (Supplier.LatenessPercentile(known, candidates[c].LowPercentile), Supplier.LatenessPercentile(known, candidates[c].HighPercentile));
                }

                boundsFor = known.Count;
            }

            for (var c = 0; c < candidates.Count; c++)
            {
                var from = EtaCalculator.AddWorkingDays(line.Arrival.AddDays(bounds[c].Low), handlingWorkingDays);
                var to = EtaCalculator.AddWorkingDays(line.Arrival.AddDays(bounds[c].High), handlingWorkingDays);
                if (from <= line.ShippedOn && line.ShippedOn <= to)
                {
                    kept[c]++;
                }

                widths[c][i] = to.DayNumber - from.DayNumber;
            }
        }

        var scores = new List<CandidateScore>(candidates.Count);
        for (var c = 0; c < candidates.Count; c++)
        {
            var sorted = widths[c];
            Array.Sort(sorted);
            scores.Add(new CandidateScore(
                candidates[c],
                quoted.Length,
                kept[c],
                quoted.Length == 0 ? 0 : sorted.Average(),
                Supplier.LatenessPercentile(sorted, 90)));
        }

        return new SupplierTuning(scores, quoted.Length < MinimumLines ? null : Choose(scores));
    }

    /// <summary>The narrowest pair (by mean width) that reaches the target; failing that, the most honest one (ties: the narrower).</summary>
    private static EtaRangeChoice? Choose(IReadOnlyList<CandidateScore> scores)
    {
        var passing = scores.Where(s => s.KeptShare >= Target).ToList();
        var best = passing.Count > 0
            ? passing.OrderBy(s => s.MeanWidthDays).ThenBy(s => s.P90WidthDays).FirstOrDefault()
            : scores.OrderByDescending(s => s.Kept).ThenBy(s => s.MeanWidthDays).ThenBy(s => s.P90WidthDays).FirstOrDefault();
        return best?.Choice;
    }
}
