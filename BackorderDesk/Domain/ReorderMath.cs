namespace BackorderDesk.Domain;

/// <summary>The reorder arithmetic of docs/rules.md (R4) that does not depend on where its inputs come from.</summary>
public static class ReorderMath
{
    /// <summary>
    /// The quantity to order now: bring the inventory position up to <c>ROP + d̄ · reviewDays</c>,
    /// at least the MOQ, rounded up to the case pack. Zero when the position is above the reorder point.
    /// </summary>
    public static int SuggestedQuantity(int inventoryPosition, int reorderPoint, double demandMean, int reviewDays, int moq, int casePack)
    {
        if (inventoryPosition > reorderPoint)
        {
            return 0;
        }

        // Rounded to 6 places first so that 0.1 · 70 = 7.000000000000001 does not become 8.
        var target = reorderPoint + Math.Round(demandMean * reviewDays, 6);
        var need = (long)Math.Ceiling(target - inventoryPosition);
        var qty = Math.Max(need, Math.Max(moq, 1));
        return (int)Math.Min(RoundUp(qty, Math.Max(casePack, 1)), int.MaxValue);
    }

    private static long RoundUp(long qty, int casePack) => (qty + casePack - 1) / casePack * casePack;
}
