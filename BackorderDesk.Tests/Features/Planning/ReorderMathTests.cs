using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class ReorderMathTests
{
    [Theory]
    // IP 20 above ROP 10: nothing to order.
    [InlineData(20, 10, 3.0, 7, 1, 1, 0)]
    // IP 4, ROP 10, d̄ 2, 7 review days: 10 + 14 − 4 = 20.
    [InlineData(4, 10, 2.0, 7, 1, 1, 20)]
    // The same need of 20 with an MOQ of 50: 50.
    [InlineData(4, 10, 2.0, 7, 50, 1, 50)]
    // A need of 20 in cases of 12: 24.
    [InlineData(4, 10, 2.0, 7, 1, 12, 24)]
    // MOQ 25 rounded up to cases of 12: 36.
    [InlineData(4, 10, 2.0, 7, 25, 12, 36)]
    // Negative IP (more waiting than coming): 10 + 7 − (−8) = 25.
    [InlineData(-8, 10, 1.0, 7, 1, 1, 25)]
    // 0.1 · 70 is 7, not 7.000000000000001 rounded up to 8: 0 + 7 − 0 = 7.
    [InlineData(0, 0, 0.1, 70, 1, 1, 7)]
    // A fractional review demand is rounded up: 5 + 0.7 − 5 = 0.7 → 1.
    [InlineData(5, 5, 0.1, 7, 1, 1, 1)]
    // No demand, IP at ROP 0: the MOQ.
    [InlineData(0, 0, 0.0, 7, 6, 1, 6)]
    public void Suggested_quantity_lifts_the_position_to_rop_plus_review_demand_then_moq_then_case_pack(
        int inventoryPosition, int reorderPoint, double demandMean, int reviewDays, int moq, int casePack, int expected) =>
        Assert.Equal(expected, ReorderMath.SuggestedQuantity(inventoryPosition, reorderPoint, demandMean, reviewDays, moq, casePack));
}
