namespace BackorderDesk.Domain;

public sealed class Supplier
{
    private Supplier()
    {
    }

    public Supplier(string code, string name, int leadTimeDays, string? email = null)
    {
        Code = code;
        Name = name;
        LeadTimeDays = leadTimeDays;
        Email = email;
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Quoted lead time in days, used when there is no receipt history.</summary>
    public int LeadTimeDays { get; private set; }

    public string? Email { get; private set; }

    /// <summary>Median receipt delay against the expected date over received PO lines (days, ≥ 0).</summary>
    public int LatenessP50Days { get; private set; }

    /// <summary>90th percentile receipt delay (days, ≥ 0): the far end of an honest ETA range.</summary>
    public int LatenessP90Days { get; private set; }

    /// <summary>The percentile of receipt lateness every ETA range from this supplier starts at (<see cref="EtaRangeTuning"/> chooses it).</summary>
    public int EtaRangeLowPercentile { get; private set; } = EtaRangeChoice.Default.LowPercentile;

    /// <summary>The percentile of receipt lateness every ETA range from this supplier ends at.</summary>
    public int EtaRangeHighPercentile { get; private set; } = EtaRangeChoice.Default.HighPercentile;

    /// <summary>Lateness at <see cref="EtaRangeLowPercentile"/> (days, ≥ 0): how far an ETA range's first day is pushed.</summary>
    public int EtaRangeFromDays { get; private set; }

    /// <summary>Lateness at <see cref="EtaRangeHighPercentile"/> (days, ≥ 0): how far an ETA range's last day is pushed.</summary>
    public int EtaRangeToDays { get; private set; }

    /// <summary>The percentile pair ETA ranges are widened by.</summary>
    public EtaRangeChoice EtaRange => new(EtaRangeLowPercentile, EtaRangeHighPercentile);

    /// <summary>
    /// P0, P1, … P100 of receipt lateness in days, comma-separated (null without receipts): the whole
    /// distribution, so that an overdue purchase order's range can be read from the receipts that were
    /// at least as late (<see cref="LatenessGiven"/>).
    /// </summary>
    public string? LatenessPercentiles { get; private set; }

    private string? _parsedFrom;
    private int[]? _parsed;

    /// <summary>
    /// The lateness at percentiles <paramref name="low"/> and <paramref name="high"/> of the receipts that
    /// were at least <paramref name="atLeastDays"/> late, less those days: how much later than today a
    /// purchase order that many days overdue arrives. Null without receipts, or when no receipt was ever
    /// that late.
    /// </summary>
    public (int From, int To)? LatenessGiven(int atLeastDays, int low, int high)
    {
        if (!ReferenceEquals(_parsedFrom, LatenessPercentiles))
        {
            _parsed = LatenessPercentiles?.Split(',').Select(int.Parse).ToArray();
            _parsedFrom = LatenessPercentiles;
        }

        if (_parsed is not { Length: 101 } p || p[100] < atLeastDays)
        {
            return null;
        }

        // The share of receipts earlier than that: the first percentile at or past it.
        var below = Array.FindIndex(p, days => days >= atLeastDays);
        int At(int percentile) => Math.Max(0, p[below + ((100 - below) * percentile / 100)] - atLeastDays);
        return (At(low), At(high));
    }

    public void Update(string name, int leadTimeDays, string? email)
    {
        Name = name;
        LeadTimeDays = leadTimeDays;
        Email = email;
    }

    /// <summary>
    /// Recomputes the lateness percentiles from receipt delays in days (<see cref="ReceiptHistory.DelayDays"/>;
    /// negative = early): P50 and P90 for the performance figures, and the ETA range's ends at the chosen pair.
    /// </summary>
    /// <param name="delaysInDays">The supplier's receipt delays.</param>
    /// <param name="withDistribution">
    /// False to leave <see cref="LatenessPercentiles"/> as it is: a receipt refreshes the range ends at
    /// once, while the whole distribution, which moves a little with nearly every receipt and only dates
    /// overdue purchase orders, is refreshed by the planning run.
    /// </param>
    public void SetLatenessFrom(IReadOnlyCollection<int> delaysInDays, bool withDistribution = true)
    {
        var sorted = SortedLateness(delaysInDays);
        (LatenessP50Days, LatenessP90Days) = (LatenessPercentile(sorted, 50), LatenessPercentile(sorted, 90));
        (EtaRangeFromDays, EtaRangeToDays) = (LatenessPercentile(sorted, EtaRangeLowPercentile), LatenessPercentile(sorted, EtaRangeHighPercentile));
        if (!withDistribution)
        {
            return;
        }

        LatenessPercentiles = sorted.Length == 0
            ? null
            : string.Join(',', Enumerable.Range(0, 101).Select(p => LatenessPercentile(sorted, p).ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>Widens ETA ranges by another percentile pair from now on, recomputed from the same receipt delays.</summary>
    public void ChooseEtaRange(EtaRangeChoice choice, IReadOnlyCollection<int> delaysInDays)
    {
        if (!choice.IsValid)
        {
            throw new DomainException($"{choice} is not a percentile pair: both ends go from 0 to 100 and the first is not above the second.", "etaRange");
        }

        (EtaRangeLowPercentile, EtaRangeHighPercentile) = (choice.LowPercentile, choice.HighPercentile);
        SetLatenessFrom(delaysInDays);
    }

    /// <summary>P50 and P90 of receipt delays in days, early receipts counting as zero; (0, 0) without receipts.</summary>
    public static (int P50, int P90) Lateness(IReadOnlyCollection<int> delaysInDays)
    {
        var sorted = SortedLateness(delaysInDays);
        return (LatenessPercentile(sorted, 50), LatenessPercentile(sorted, 90));
    }

    /// <summary>
    /// Nearest-rank percentile of an ascending list: the smallest value with at least
    /// <paramref name="percentile"/>% of the observations at or below it (P0 = the smallest); 0 for an empty list.
    /// </summary>
    public static int LatenessPercentile(IReadOnlyList<int> sorted, int percentile)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percentile);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        if (sorted.Count == 0)
        {
            return 0;
        }

        // ceil(p/100 · n) in integers: no rounding error at any n.
        var rank = ((percentile * sorted.Count) + 99) / 100;
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static int[] SortedLateness(IReadOnlyCollection<int> delaysInDays) =>
        delaysInDays.Select(ReceiptHistory.LatenessDays).Order().ToArray();
}
