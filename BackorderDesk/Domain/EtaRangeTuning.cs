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

/// <summary>What a supplier's choice was judged on.</summary>
public enum TuningBasis
{
    /// <summary>Too few quoted lines and too few receipts: no choice.</summary>
    None,

    /// <summary>Its quoted lines: whether each shipped inside the range it would have been quoted.</summary>
    QuotedLines,

    /// <summary>
    /// Its receipts, while it has too few quoted lines: whether each receipt's lateness fell inside the
    /// range the receipts before it give. A new supplier's first promises are tuned this way.
    /// </summary>
    Receipts,
}

/// <summary>
/// Every candidate's score on the quoted lines, the pair chosen (null: too little history to judge) and
/// what it was judged on; <see cref="ReceiptScores"/> holds the candidates' scores on the receipts when
/// there were enough to judge (a choice on lines must keep them too).
/// </summary>
public sealed record SupplierTuning(IReadOnlyList<CandidateScore> Scores, EtaRangeChoice? Chosen, TuningBasis Basis = TuningBasis.QuotedLines, IReadOnlyList<CandidateScore>? ReceiptScores = null);

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

    /// <summary>A receipt is judged against the receipts before it once there are at least this many.</summary>
    public const int MinimumKnownReceipts = 5;

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
                Learn(known, byTime[next++]);
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

        var onReceipts = EvaluateReceipts(byTime, candidates);
        var receiptsJudge = onReceipts.Count > 0 && onReceipts[0].Lines >= MinimumLines;
        if (quoted.Length >= MinimumLines)
        {
            // Lines quoted on one late purchase order miss together, so a few lucky months can make a
            // narrow pair look honest on lines alone: it must keep the receipts too, when they can judge.
            return new SupplierTuning(
                scores,
                Choose(scores, receiptsJudge ? c => onReceipts[c].KeptShare >= Target : null),
                TuningBasis.QuotedLines,
                receiptsJudge ? onReceipts : null);
        }

        return receiptsJudge
            ? new SupplierTuning(scores, Choose(onReceipts), TuningBasis.Receipts, onReceipts)
            : new SupplierTuning(scores, null, TuningBasis.None);
    }

    /// <summary>Adds a receipt's lateness to the sorted lateness of the receipts known so far.</summary>
    private static void Learn(List<int> known, ReceiptDelay receipt)
    {
        var lateness = ReceiptHistory.LatenessDays(receipt.DelayDays);
        var at = known.BinarySearch(lateness);
        known.Insert(at < 0 ? ~at : at, lateness);
    }

    /// <summary>
    /// Each candidate on the receipts themselves: a receipt is kept when its lateness lies between the
    /// candidate's percentiles of the receipts received before it (width: high − low, in days). The
    /// first <see cref="MinimumKnownReceipts"/> receipts have too little before them and are not judged.
    /// </summary>
    private static List<CandidateScore> EvaluateReceipts(ReceiptDelay[] byTime, IReadOnlyList<EtaRangeChoice> candidates)
    {
        var kept = new int[candidates.Count];
        var widths = candidates.Select(_ => new List<int>()).ToArray();
        var known = new List<int>(byTime.Length);
        var judged = 0;
        var i = 0;
        while (i < byTime.Length)
        {
            // Receipts of the same moment do not know of each other.
            var end = i;
            while (end < byTime.Length && byTime[end].ReceivedAt == byTime[i].ReceivedAt)
            {
                end++;
            }

            if (known.Count >= MinimumKnownReceipts)
            {
                for (var c = 0; c < candidates.Count; c++)
                {
                    var (low, high) = (Supplier.LatenessPercentile(known, candidates[c].LowPercentile), Supplier.LatenessPercentile(known, candidates[c].HighPercentile));
                    for (var r = i; r < end; r++)
                    {
                        var lateness = ReceiptHistory.LatenessDays(byTime[r].DelayDays);
                        kept[c] += low <= lateness && lateness <= high ? 1 : 0;
                        widths[c].Add(high - low);
                    }
                }

                judged += end - i;
            }

            for (var r = i; r < end; r++)
            {
                Learn(known, byTime[r]);
            }

            i = end;
        }

        var scores = new List<CandidateScore>(candidates.Count);
        for (var c = 0; c < candidates.Count; c++)
        {
            var sorted = widths[c].ToArray();
            Array.Sort(sorted);
            scores.Add(new CandidateScore(candidates[c], judged, kept[c], judged == 0 ? 0 : sorted.Average(), Supplier.LatenessPercentile(sorted, 90)));
        }

        return scores;
    }

    /// <summary>The narrowest pair (by mean width) that reaches the target; failing that, the most honest one (ties: the narrower).</summary>
    /// <param name="scores">Every candidate's score, in candidate order.</param>
    /// <param name="alsoPasses">A further test a candidate (by index) must pass to count as reaching the target.</param>
    private static EtaRangeChoice? Choose(IReadOnlyList<CandidateScore> scores, Func<int, bool>? alsoPasses = null)
    {
        var passing = scores.Where((s, i) => s.KeptShare >= Target && (alsoPasses?.Invoke(i) ?? true)).ToList();
        var best = passing.Count > 0
            ? passing.OrderBy(s => s.MeanWidthDays).ThenBy(s => s.P90WidthDays).FirstOrDefault()
            : scores.OrderByDescending(s => s.Kept).ThenBy(s => s.MeanWidthDays).ThenBy(s => s.P90WidthDays).FirstOrDefault();
        return best?.Choice;
    }
}
