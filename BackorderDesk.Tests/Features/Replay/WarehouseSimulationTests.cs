using BackorderDesk.Domain;
using BackorderDesk.Features.Replay;

namespace BackorderDesk.Tests.Features.Replay;

/// <summary>The generator's statistics: Poisson demand around the seasonal mean, supplier delays as configured.</summary>
public sealed class WarehouseSimulationTests
{
    private static readonly DateOnly Start = new(2026, 1, 5);

    [Theory]
    [InlineData(0.4)]
    [InlineData(3)]
    [InlineData(55)]
    public void Poisson_draws_have_the_mean_and_variance_asked_for(double mean)
    {
        var random = new Random(11);
        var draws = Enumerable.Range(0, 20_000).Select(_ => WarehouseSimulation.Poisson(random, mean)).ToList();
        var average = draws.Average();
        var variance = draws.Average(d => (d - average) * (d - average));

        Assert.InRange(average, mean * 0.96, mean * 1.04);
        Assert.InRange(variance, mean * 0.9, mean * 1.1);
        Assert.All(draws, d => Assert.True(d >= 0));
    }

    [Fact]
    public void Trucks_are_never_early_and_late_ones_have_a_fat_tail()
    {
        var reliable = new SupplierBehaviour("R", "Reliable", 7, OnTimeShare: 0.95, TypicalDelayDays: 1, TailIndex: 3, AnnouncesSlips: 0);
        var late = new SupplierBehaviour("L", "Late", 28, OnTimeShare: 0.5, TypicalDelayDays: 5, TailIndex: 1.3, AnnouncesSlips: 0);
        var random = new Random(5);
        var reliableDelays = Enumerable.Range(0, 10_000).Select(_ => reliable.SampleDelay(random)).ToList();
        var lateDelays = Enumerable.Range(0, 10_000).Select(_ => late.SampleDelay(random)).Order().ToList();

        Assert.All(reliableDelays.Concat(lateDelays), d => Assert.InRange(d, 0, SupplierBehaviour.MaxDelayDays));
        Assert.InRange(reliableDelays.Count(d => d == 0) / 10_000.0, 0.94, 0.96);
        Assert.InRange(lateDelays.Count(d => d == 0) / 10_000.0, 0.48, 0.52);
        // Half the late trucks are at most the typical delay, and a tail goes far past it.
        var lateOnes = lateDelays.Where(d => d > 0).ToList();
        Assert.InRange(lateOnes[lateOnes.Count / 2], 4, 6);
        Assert.True(lateOnes[(int)(lateOnes.Count * 0.95)] >= 15, $"p95 of late trucks: {lateOnes[(int)(lateOnes.Count * 0.95)]} days");
    }

    [Fact]
    public void Demand_follows_each_SKUs_seasonal_mean_with_its_promotions()
    {
        var simulation = WarehouseSimulation.Create(SimulationProfile.Small, Start, 120, new Random(7));
        var random = new Random(3);
        var units = new Dictionary<string, int>();
        var days = Enumerable.Range(0, 120).Select(Start.AddDays).ToList();
        foreach (var day in days)
        {
            foreach (var line in simulation.OrdersOn(day, random).SelectMany(o => o.Lines))
            {
                units[line.Sku] = units.GetValueOrDefault(line.Sku) + line.Qty;
            }
        }

        // The generated units of the whole catalog are the sum of the SKUs' means over the days, within 10 percent.
        var expected = simulation.Skus.Where(s => s.Policy != SellingPolicy.Discontinued).Sum(s => days.Sum(s.MeanOn));
        Assert.InRange(units.Values.Sum(), expected * 0.9, expected * 1.1);

        // A promoted SKU's mean rises by its factor inside the promotion and only there.
        var promoted = simulation.Skus.First(s => s.Promotions.Count > 0);
        var (from, to, factor) = promoted.Promotions[0];
        var usual = promoted with { Promotions = [] };
        Assert.Equal(usual.MeanOn(from) * factor, promoted.MeanOn(from), 9);
        Assert.Equal(usual.MeanOn(to) * factor, promoted.MeanOn(to), 9);
        Assert.Equal(usual.MeanOn(to.AddDays(1)), promoted.MeanOn(to.AddDays(1)), 9);
        Assert.Equal(usual.MeanOn(from.AddDays(-1)), promoted.MeanOn(from.AddDays(-1)), 9);
    }

    [Fact]
    public void The_same_seed_builds_the_same_warehouse_and_the_same_orders()
    {
        var a = WarehouseSimulation.Create(SimulationProfile.Default, Start, 180, new Random(7));
        var b = WarehouseSimulation.Create(SimulationProfile.Default, Start, 180, new Random(7));

        Assert.Equal(a.Skus.Select(s => (s.Code, s.MeanDailyUnits, s.OpeningStock)), b.Skus.Select(s => (s.Code, s.MeanDailyUnits, s.OpeningStock)));
        Assert.Equal(a.OrdersOn(Start, new Random(1)).Select(o => (o.PlacedAt, o.Customer.Code, o.Lines.Count)), b.OrdersOn(Start, new Random(1)).Select(o => (o.PlacedAt, o.Customer.Code, o.Lines.Count)));
        Assert.Equal(SimulationProfile.Default.Skus, a.Skus.Count);
        Assert.Contains(a.Skus, s => s.Policy == SellingPolicy.Preorder && s.ReleaseDate > Start);
    }
}
