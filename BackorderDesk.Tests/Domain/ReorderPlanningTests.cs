using BackorderDesk.Domain;

namespace BackorderDesk.Tests.Domain;

public sealed class ReorderPlanningTests
{
    private const double Precision = 1e-9;

    [Fact]
    public void Zero_demand_gives_zero_safety_stock_and_reorder_point()
    {
        var demand = ReorderPlanning.Demand(new int[90]);
        var figures = Compute(demand, LeadTimeFigures.Configured(14), AbcClass.C);

        Assert.Equal(0, demand.Mean);
        Assert.Equal(0, demand.StdDev);
        Assert.Equal(0, figures.SafetyStock);
        Assert.Equal(0, figures.ReorderPoint);
    }

    [Fact]
    public void A_single_day_of_demand_spreads_over_the_whole_window()
    {
        // 90 units on one day of 90: d̄ = 1; σd = √(90²/90 − 1²) = √89.
        var demand = ReorderPlanning.Demand([90]);
        Assert.Equal(1.0, demand.Mean, Precision);
        Assert.Equal(Math.Sqrt(89), demand.StdDev, Precision);

        // C (90%, z 1.282), configured lead time 10: SS = 1.282 · √(10 · 89) = 38.25 → 39; ROP = 1 · 10 + 39 = 49.
        var figures = Compute(demand, LeadTimeFigures.Configured(10), AbcClass.C);
        Assert.Equal(39, figures.SafetyStock);
        Assert.Equal(49, figures.ReorderPoint);
    }

    [Fact]
    public void Sums_from_sql_give_the_same_figures_as_the_days()
    {
        var days = new int[90];
        days[3] = 4;
        days[40] = 7;
        days[89] = 1;
        var fromDays = ReorderPlanning.Demand(days);
        var fromSums = ReorderPlanning.Demand(4 + 7 + 1, 16 + 49 + 1);

        Assert.Equal(fromDays, fromSums);
        Assert.Equal(12.0 / 90, fromSums.Mean, Precision);
        Assert.Equal(Math.Sqrt((66.0 / 90) - (12.0 / 90 * (12.0 / 90))), fromSums.StdDev, Precision);
    }

    [Fact]
    public void Demand_every_day_without_lead_time_history_has_no_safety_stock()
    {
        var demand = ReorderPlanning.Demand(Enumerable.Repeat(5, 90).ToArray());
        var lead = ReorderPlanning.LeadTime([], configuredDays: 7);

        Assert.Equal(new DemandFigures(5, 0), demand);
        Assert.Equal(new LeadTimeFigures(7, 0, FromHistory: false), lead);
        var figures = Compute(demand, lead, AbcClass.A);
        Assert.Equal(0, figures.SafetyStock);
        Assert.Equal(35, figures.ReorderPoint);
    }

    [Fact]
    public void Lead_time_history_with_spread_adds_safety_stock_for_steady_demand()
    {
        // Lead times 10, 12, 14: L = 12, σL = √(8/3).
        var lead = ReorderPlanning.LeadTime([10, 12, 14], configuredDays: 30);
        Assert.True(lead.FromHistory);
        Assert.Equal(12.0, lead.Mean, Precision);
        Assert.Equal(Math.Sqrt(8.0 / 3.0), lead.StdDev, Precision);

        // B (95%, z 1.645), d̄ 5, σd 0: SS = 1.645 · √(5² · 8/3) = 13.43 → 14; ROP = 5 · 12 + 14 = 74.
        var figures = Compute(new DemandFigures(5, 0), lead, AbcClass.B);
        Assert.Equal(14, figures.SafetyStock);
        Assert.Equal(74, figures.ReorderPoint);
    }

    [Fact]
    public void Lead_time_history_without_configured_lead_time_and_none_at_all()
    {
        Assert.Equal(new LeadTimeFigures(9, 0, true), ReorderPlanning.LeadTime([9, 9], configuredDays: null));
        Assert.Equal(new LeadTimeFigures(0, 0, false), ReorderPlanning.LeadTime([], configuredDays: null));
    }

    [Theory]
    [InlineData(AbcClass.A, 98, 2.054, 14, 44)] // 2.054 · √(10 · 1² + 3² · 2²) = 2.054 · √46 = 13.93
    [InlineData(AbcClass.B, 95, 1.645, 12, 42)] // 1.645 · √46 = 11.16
    [InlineData(AbcClass.C, 90, 1.282, 9, 39)]  // 1.282 · √46 = 8.69
    public void Each_abc_class_has_its_default_service_level(AbcClass abcClass, int level, double z, int safetyStock, int reorderPoint)
    {
        // Demand alternating 2 and 4: d̄ 3, σd 1. Lead times 8 and 12: L 10, σL 2.
        var demand = ReorderPlanning.Demand(Enumerable.Range(0, 90).Select(i => i % 2 == 0 ? 2 : 4).ToArray());
        var lead = ReorderPlanning.LeadTime([8, 12], null);
        Assert.Equal(new DemandFigures(3, 1), demand);
        Assert.Equal(new LeadTimeFigures(10, 2, true), lead);

        var figures = Compute(demand, lead, abcClass);

        Assert.Equal(level, figures.ServiceLevel);
        Assert.Equal(ServiceLevelSource.AbcClass, figures.ServiceLevelSource);
        Assert.Equal(z, figures.Z);
        Assert.Equal(safetyStock, figures.SafetyStock);
        Assert.Equal(reorderPoint, figures.ReorderPoint);
    }

    [Fact]
    public void Client_service_level_overrides_the_class_and_the_sku_overrides_the_client()
    {
        var demand = new DemandFigures(3, 1);
        var lead = new LeadTimeFigures(10, 2, true);

        // 97% is not in the table: z = 1.881 (inverse normal, three decimals); SS = 1.881 · √46 = 12.76 → 13.
        var client = ReorderPlanning.Compute(new(demand, lead, AbcClass.A, ClientServiceLevel: 97m, SkuServiceLevel: null, null, null));
        Assert.Equal((97m, ServiceLevelSource.Client), (client.ServiceLevel, client.ServiceLevelSource));
        Assert.Equal(1.881, client.Z);
        Assert.Equal(13, client.SafetyStock);
        Assert.Equal(43, client.ReorderPoint);

        // 99.5% on the SKU: z = 2.576; SS = 2.576 · √46 = 17.47 → 18; ROP = 30 + 18.
        var sku = ReorderPlanning.Compute(new(demand, lead, AbcClass.C, ClientServiceLevel: 97m, SkuServiceLevel: 99.5m, null, null));
        Assert.Equal((99.5m, ServiceLevelSource.Sku), (sku.ServiceLevel, sku.ServiceLevelSource));
        Assert.Equal(2.576, sku.Z);
        Assert.Equal(18, sku.SafetyStock);
        Assert.Equal(48, sku.ReorderPoint);
    }

    [Theory]
    [InlineData(90, 1.282)]
    [InlineData(95, 1.645)]
    [InlineData(98, 2.054)]
    [InlineData(99, 2.326)]
    [InlineData(85, 1.036)]
    [InlineData(50, 0.0)]
    [InlineData(99.9, 3.090)]
    [InlineData(10, -1.282)]
    public void Z_is_the_normal_quantile_of_the_service_level(double level, double z) =>
        Assert.Equal(z, ReorderPlanning.Z((decimal)level), 1e-12);

    [Fact]
    public void Abc_classes_split_demand_value_80_15_5()
    {
        // Total 1,000. Before each: 0 → A, 500 → A, 800 (not under 80%) → B, 900 → B, 960 → C; no demand → C.
        var classes = ReorderPlanning.ClassifyAbc<string>(
            [("S1", 500m), ("S4", 60m), ("S2", 300m), ("S3", 100m), ("S5", 40m), ("S6", 0m)]);

        Assert.Equal(AbcClass.A, classes["S1"]);
        Assert.Equal(AbcClass.A, classes["S2"]);
        Assert.Equal(AbcClass.B, classes["S3"]);
        Assert.Equal(AbcClass.B, classes["S4"]);
        Assert.Equal(AbcClass.C, classes["S5"]);
        Assert.Equal(AbcClass.C, classes["S6"]);
    }

    [Fact]
    public void Abc_with_one_sku_or_none_with_demand()
    {
        Assert.Equal(AbcClass.A, ReorderPlanning.ClassifyAbc<int>([(1, 12.5m)])[1]);
        Assert.All(ReorderPlanning.ClassifyAbc<int>([(1, 0m), (2, 0m)]).Values, c => Assert.Equal(AbcClass.C, c));
    }

    [Fact]
    public void A_manual_safety_stock_feeds_the_reorder_point_and_is_marked()
    {
        var figures = ReorderPlanning.Compute(new(new DemandFigures(3, 1), new LeadTimeFigures(10, 2, true), AbcClass.A, null, null, ManualReorderPoint: null, ManualSafetyStock: 20));

        Assert.Equal(14, figures.ComputedSafetyStock);
        Assert.Equal(44, figures.ComputedReorderPoint);
        Assert.Equal(20, figures.SafetyStock);
        Assert.Equal(50, figures.ReorderPoint); // 3 · 10 + 20
        Assert.True(figures.SafetyStockIsManual);
        Assert.False(figures.ReorderPointIsManual);
        Assert.True(figures.IsManual);
    }

    [Fact]
    public void A_manual_reorder_point_wins_over_everything()
    {
        var figures = ReorderPlanning.Compute(new(new DemandFigures(3, 1), new LeadTimeFigures(10, 2, true), AbcClass.A, null, null, ManualReorderPoint: 100, ManualSafetyStock: 20));

        Assert.Equal(100, figures.ReorderPoint);
        Assert.Equal(20, figures.SafetyStock);
        Assert.Equal(44, figures.ComputedReorderPoint);
        Assert.True(figures.ReorderPointIsManual);
    }

    [Theory]
    [InlineData(10, 44, 3.0, 7, 1, 1, 55)]    // lift 10 to 44 + 21 = 65
    [InlineData(10, 44, 3.0, 7, 1, 12, 60)]   // 55 → five cases of 12
    [InlineData(10, 44, 3.0, 7, 100, 12, 108)] // MOQ 100 → nine cases of 12
    [InlineData(10, 44, 3.0, 7, 60, 1, 60)]   // MOQ 60 over 55
    [InlineData(5, 20, 2.5, 7, 1, 1, 33)]     // 20 + 17.5 − 5 = 32.5 → 33
    [InlineData(-8, 0, 0.0, 7, 1, 6, 12)]     // backordered with no demand history: cover the 8 waiting, two cases
    [InlineData(44, 44, 3.0, 14, 1, 1, 42)]   // at the reorder point: review days only
    [InlineData(45, 44, 3.0, 7, 1, 1, 0)]     // above the reorder point: nothing to order
    [InlineData(0, 0, 0.0, 7, 5, 1, 5)]       // at a reorder point of 0 with no demand: the MOQ
    public void Suggested_quantity_lifts_the_position_then_applies_moq_and_case_pack(int position, int reorderPoint, double demandMean, int reviewDays, int moq, int casePack, int expected) =>
        Assert.Equal(expected, ReorderMath.SuggestedQuantity(position, reorderPoint, demandMean, reviewDays, moq, casePack));

    [Fact]
    public void Whole_products_are_not_rounded_up_by_floating_point_noise()
    {
        // 2.2 · 25 is 55.00000000000001 in doubles; the reorder point must stay 55.
        Assert.Equal(55, ReorderPlanning.ReorderPoint(new DemandFigures(2.2, 0), new LeadTimeFigures(25, 0, false), 0));
    }

    private static ReorderFigures Compute(DemandFigures demand, LeadTimeFigures lead, AbcClass abcClass) =>
        ReorderPlanning.Compute(new(demand, lead, abcClass, null, null, null, null));
}
