namespace BackorderDesk.Domain;

/// <summary>
/// The one definition of how a supplier delivered, shared by the ETA ranges (Supplier.LatenessP50/P90),
/// the supplier performance figures and the exports. A receipt is a purchase-order line whose last
/// open unit arrived (<see cref="PurchaseOrderLine.ReceivedAt"/>).
/// </summary>
public static class ReceiptHistory
{
    /// <summary>
    /// Days between the receipt and the supplier's FIRST promised date (negative = early). Measured
    /// against the original date: a supplier who moves a date later and then meets it still kept
    /// waiting lines waiting.
    /// </summary>
    public static int DelayDays(DateTime receivedAt, DateOnly originalExpectedDate) =>
        DateOnly.FromDateTime(receivedAt).DayNumber - originalExpectedDate.DayNumber;

    /// <summary>On time means received on or before the first promised date.</summary>
    public static bool OnTime(int delayDays) => delayDays <= 0;

    /// <summary>Lateness in days: early receipts count as zero days late (as in the P50/P90).</summary>
    public static int LatenessDays(int delayDays) => Math.Max(0, delayDays);

    /// <summary>Lead time in whole days: receipt date − order date (rules.md R4.2).</summary>
    public static int LeadTimeDays(DateTime orderedAt, DateTime receivedAt) =>
        DateOnly.FromDateTime(receivedAt).DayNumber - DateOnly.FromDateTime(orderedAt).DayNumber;

    public static double? Mean(IReadOnlyCollection<int> values) => values.Count == 0 ? null : values.Average();

    /// <summary>Population standard deviation (rules.md R4.1); null without values.</summary>
    public static double? StdDev(IReadOnlyCollection<int> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / values.Count);
    }
}
