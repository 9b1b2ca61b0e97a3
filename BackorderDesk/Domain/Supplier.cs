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

    public void Update(string name, int leadTimeDays, string? email)
    {
        Name = name;
        LeadTimeDays = leadTimeDays;
        Email = email;
    }

    /// <summary>Recomputes the lateness percentiles from receipt delays in days (<see cref="ReceiptHistory.DelayDays"/>; negative = early).</summary>
    public void SetLatenessFrom(IReadOnlyCollection<int> delaysInDays) =>
        (LatenessP50Days, LatenessP90Days) = Lateness(delaysInDays);

    /// <summary>P50 and P90 of receipt delays in days, early receipts counting as zero; (0, 0) without receipts.</summary>
    public static (int P50, int P90) Lateness(IReadOnlyCollection<int> delaysInDays)
    {
        if (delaysInDays.Count == 0)
        {
            return (0, 0);
        }

        var sorted = delaysInDays.Select(ReceiptHistory.LatenessDays).Order().ToArray();
        return (Percentile(sorted, 0.5), Percentile(sorted, 0.9));
    }

    // Nearest-rank percentile: the smallest value with at least p of the observations at or below it.
    private static int Percentile(int[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
