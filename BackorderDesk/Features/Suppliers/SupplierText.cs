using System.Globalization;

namespace BackorderDesk.Features.Suppliers;

/// <summary>How supplier figures read on the pages; "—" when there is nothing to count.</summary>
public static class SupplierText
{
    public static string Percent(decimal? rate) => rate is { } r ? r.ToString("0.#", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Days(decimal? days) => days is { } d ? d.ToString("0.#", CultureInfo.InvariantCulture) : "—";

    /// <summary>The ETA range widening, e.g. "P0–P95 (0–6 days)".</summary>
    public static string EtaRange(SupplierPerformanceRow row) =>
        $"{row.EtaRange} ({row.EtaRangeFromDays.ToString(CultureInfo.InvariantCulture)}–{row.EtaRangeToDays.ToString(CultureInfo.InvariantCulture)} days)";

    public static string MeanSpread(decimal? mean, decimal? spread) => mean is null ? "—" : $"{Days(mean)} ± {Days(spread)}";
}
