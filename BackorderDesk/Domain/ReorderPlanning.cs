namespace BackorderDesk.Domain;

/// <summary>ABC class by demand value over the planning window (rules.md R4).</summary>
public enum AbcClass
{
    A,
    B,
    C,
}

/// <summary>
/// Mean and population standard deviation of daily demand over the window, in units a day, and
/// <see cref="PriorityMean"/>: the mean daily units of it that key-account and expedited orders asked
/// for (they take their place ahead of Standard orders in the queue).
/// </summary>
public sealed record DemandFigures(double Mean, double StdDev, double PriorityMean = 0)
{
    public static readonly DemandFigures None = new(0, 0);
}

/// <summary>Mean and population standard deviation of lead time in days; <see cref="FromHistory"/> false means the configured lead time (σL = 0).</summary>
public sealed record LeadTimeFigures(double Mean, double StdDev, bool FromHistory)
{
    public static LeadTimeFigures Configured(int? days) => new(days ?? 0, 0, false);
}

/// <summary>The service level that applies and where it came from.</summary>
public enum ServiceLevelSource
{
    AbcClass,
    Client,
    Sku,
}

/// <summary>Everything the reorder point of one SKU is computed from.</summary>
public sealed record ReorderInputsSnapshot(
    DemandFigures Demand,
    LeadTimeFigures LeadTime,
    AbcClass AbcClass,
    decimal? ClientServiceLevel,
    decimal? SkuServiceLevel,
    int? ManualReorderPoint,
    int? ManualSafetyStock);

/// <summary>
/// The result for one SKU: the computed safety stock and reorder point, and the ones that apply once
/// manual overrides are taken into account. A manual safety stock feeds the applied reorder point
/// (<c>ROP = d̄ · L + SS</c>); a manual reorder point replaces it outright.
/// </summary>
public sealed record ReorderFigures(
    AbcClass AbcClass,
    decimal ServiceLevel,
    ServiceLevelSource ServiceLevelSource,
    double Z,
    DemandFigures Demand,
    LeadTimeFigures LeadTime,
    int ComputedSafetyStock,
    int ComputedReorderPoint,
    int SafetyStock,
    int ReorderPoint,
    bool SafetyStockIsManual,
    bool ReorderPointIsManual)
{
    /// <summary>The reorder point with the applied (possibly manual) safety stock: what is stored as the SKU's computed reorder point.</summary>
    public int ReorderPointFromSafetyStock => ReorderPlanning.ReorderPoint(Demand, LeadTime, SafetyStock);

    /// <summary>Either override is set: the UI marks the reorder point as manual.</summary>
    public bool IsManual => SafetyStockIsManual || ReorderPointIsManual;
}

/// <summary>
/// The reorder math of docs/rules.md (R4), as pure functions:
/// <c>SS = z · √(L · σd² + d̄² · σL²)</c>, <c>ROP = d̄ · L + SS</c>, both rounded up to whole units;
/// alert when <c>IP ≤ ROP</c>. The suggested quantity is <see cref="ReorderMath.SuggestedQuantity"/>.
/// </summary>
public static class ReorderPlanning
{
    /// <summary>The demand window: the last 90 calendar days including today.</summary>
    public const int WindowDays = 90;

    /// <summary>Share of demand value (cumulative, highest first) that makes class A, then A + B.</summary>
    public const decimal ClassAShare = 0.80m;
    public const decimal ClassABShare = 0.95m;

    // Floating-point sums such as 4.2 · 10 land a hair above a whole number; rounding up must not add a unit for that.
    private const double RoundingTolerance = 1e-9;

    /// <summary>The first day of the window that ends on <paramref name="today"/>.</summary>
    public static DateOnly WindowStart(DateOnly today) => today.AddDays(-(WindowDays - 1));

    public static decimal DefaultServiceLevel(AbcClass abcClass) => abcClass switch
    {
        AbcClass.A => 98m,
        AbcClass.B => 95m,
        _ => 90m,
    };

    /// <summary>The SKU's setting wins over the client's, which wins over the ABC default.</summary>
    public static (decimal Level, ServiceLevelSource Source) ServiceLevel(AbcClass abcClass, decimal? clientLevel, decimal? skuLevel) =>
        skuLevel is { } sku ? (sku, ServiceLevelSource.Sku)
        : clientLevel is { } client ? (client, ServiceLevelSource.Client)
        : (DefaultServiceLevel(abcClass), ServiceLevelSource.AbcClass);

    /// <summary>
    /// The standard normal quantile of a service level in percent. The four levels rules.md R4.3 lists use
    /// its three-decimal values exactly; any other level uses Acklam's rational approximation of the
    /// inverse normal (relative error below 1.2e-9), rounded to three decimals like the table.
    /// </summary>
    public static double Z(decimal serviceLevelPercent)
    {
        switch (serviceLevelPercent)
        {
            case 90m:
                return 1.282;
            case 95m:
                return 1.645;
            case 98m:
                return 2.054;
            case 99m:
                return 2.326;
        }

        if (serviceLevelPercent is <= 0m or >= 100m)
        {
            throw new DomainException("A service level must be above 0% and below 100%.", "serviceLevel");
        }

        return Math.Round(InverseNormal((double)serviceLevelPercent / 100.0), 3, MidpointRounding.AwayFromZero);
    }

    /// <summary>d̄ and σd over the window's days, a day without orders counting as zero (population σ).</summary>
    public static DemandFigures Demand(IReadOnlyCollection<int> dailyUnits, int windowDays = WindowDays)
    {
        if (dailyUnits.Count > windowDays)
        {
            throw new ArgumentException($"{dailyUnits.Count} days of demand do not fit a window of {windowDays}.", nameof(dailyUnits));
        }

        long sum = 0, squares = 0;
        foreach (var units in dailyUnits)
        {
            sum += units;
            squares += (long)units * units;
        }

        return Demand(sum, squares, windowDays);
    }

    /// <summary>
    /// d̄ and σd from the sum of daily units and the sum of their squares over days with orders (what a
    /// SQL GROUP BY gives); the other days of the window are zeros and add nothing to either sum.
    /// </summary>
    public static DemandFigures Demand(long unitsSum, long unitsSquaresSum, int windowDays = WindowDays)
    {
        if (unitsSum == 0)
        {
            return DemandFigures.None;
        }

        // n·Σx² − (Σx)² is exact in integers; dividing once keeps σ free of cancellation error.
        var n = (decimal)windowDays;
        var spread = (n * unitsSquaresSum) - ((decimal)unitsSum * unitsSum);
        var variance = (double)(spread / (n * n));
        return new DemandFigures((double)unitsSum / windowDays, Math.Sqrt(Math.Max(0, variance)));
    }

    /// <summary>L and σL over the supplier's received PO lines (days from order to receipt); the configured lead time with σL = 0 when there are none.</summary>
    public static LeadTimeFigures LeadTime(IReadOnlyCollection<int> leadTimesInDays, int? configuredDays)
    {
        if (leadTimesInDays.Count == 0)
        {
            return LeadTimeFigures.Configured(configuredDays);
        }

        long sum = 0, squares = 0;
        foreach (var days in leadTimesInDays)
        {
            sum += days;
            squares += (long)days * days;
        }

        return LeadTime(leadTimesInDays.Count, sum, squares, configuredDays);
    }

    /// <summary>L and σL from a count, sum and sum of squares of lead times in days.</summary>
    public static LeadTimeFigures LeadTime(long count, long sum, long squares, int? configuredDays)
    {
        if (count == 0)
        {
            return LeadTimeFigures.Configured(configuredDays);
        }

        var n = (decimal)count;
        var variance = (double)(((n * squares) - ((decimal)sum * sum)) / (n * n));
        return new LeadTimeFigures((double)sum / count, Math.Sqrt(Math.Max(0, variance)), true);
    }

    /// <summary>
    /// ABC classes by demand value, highest first (ties by key): a SKU is A while the value before it is
    /// under 80% of the total (so the SKU that crosses 80% is still A), B while under 95%, else C.
    /// SKUs without demand value are C.
    /// </summary>
    public static Dictionary<TKey, AbcClass> ClassifyAbc<TKey>(IEnumerable<(TKey Key, decimal Value)> demandValues)
        where TKey : notnull
    {
        var ranked = demandValues.OrderByDescending(v => v.Value).ThenBy(v => v.Key).ToList();
        var total = ranked.Sum(v => Math.Max(0, v.Value));
        var classes = new Dictionary<TKey, AbcClass>(ranked.Count);
        var before = 0m;
        foreach (var (key, value) in ranked)
        {
            classes[key] = value <= 0 ? AbcClass.C
                : before < ClassAShare * total ? AbcClass.A
                : before < ClassABShare * total ? AbcClass.B
                : AbcClass.C;
            before += Math.Max(0, value);
        }

        return classes;
    }

    /// <summary><c>SS = z · √(L · σd² + d̄² · σL²)</c>, rounded up.</summary>
    public static int SafetyStock(double z, DemandFigures demand, LeadTimeFigures leadTime) =>
        RoundUp(z * Math.Sqrt((leadTime.Mean * demand.StdDev * demand.StdDev) + (demand.Mean * demand.Mean * leadTime.StdDev * leadTime.StdDev)));

    /// <summary><c>ROP = d̄ · L + SS</c>, rounded up.</summary>
    public static int ReorderPoint(DemandFigures demand, LeadTimeFigures leadTime, int safetyStock) =>
        RoundUp((demand.Mean * leadTime.Mean) + safetyStock);

    public static ReorderFigures Compute(ReorderInputsSnapshot inputs)
    {
        var (level, source) = ServiceLevel(inputs.AbcClass, inputs.ClientServiceLevel, inputs.SkuServiceLevel);
        var z = Z(level);
        var safetyStock = SafetyStock(z, inputs.Demand, inputs.LeadTime);
        var reorderPoint = ReorderPoint(inputs.Demand, inputs.LeadTime, safetyStock);
        var appliedSafetyStock = inputs.ManualSafetyStock ?? safetyStock;
        var appliedReorderPoint = inputs.ManualReorderPoint ?? ReorderPoint(inputs.Demand, inputs.LeadTime, appliedSafetyStock);
        return new ReorderFigures(
            inputs.AbcClass,
            level,
            source,
            z,
            inputs.Demand,
            inputs.LeadTime,
            safetyStock,
            reorderPoint,
            appliedSafetyStock,
            appliedReorderPoint,
            inputs.ManualSafetyStock is not null,
            inputs.ManualReorderPoint is not null);
    }

    /// <summary>Alert when the inventory position is at or below the reorder point.</summary>
    public static bool IsAlert(int inventoryPosition, int reorderPoint) => inventoryPosition <= reorderPoint;

    private static int RoundUp(double value) => value <= 0 ? 0 : (int)Math.Ceiling(value - RoundingTolerance);

    // Peter Acklam's algorithm for the inverse of the standard normal CDF.
    private static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01, 1.0];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00, 1.0];
        const double low = 0.02425;
        if (p < low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return Horner(c, q) / Horner(d, q);
        }

        if (p > 1 - low)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -Horner(c, q) / Horner(d, q);
        }

        var r = p - 0.5;
        var s = r * r;
        return Horner(a, s) * r / Horner(b, s);
    }

    private static double Horner(double[] coefficients, double x)
    {
        var value = 0.0;
        foreach (var coefficient in coefficients)
        {
            value = (value * x) + coefficient;
        }

        return value;
    }
}
