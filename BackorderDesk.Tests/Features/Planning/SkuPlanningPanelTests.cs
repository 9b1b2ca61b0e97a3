using BackorderDesk.Features.Planning;
using BackorderDesk.Tests.TestSupport;
using Bunit;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class SkuPlanningPanelTests : MudBunitContext
{
    private async Task SeedAsync(Action<BackorderDesk.Data.WarehouseDbContext>? change = null)
    {
        await using var db = Database.CreateDbContext();
        await PlanningDataSet.SeedAsync(db, DateOnly.FromDateTime(Time.GetUtcNow().UtcDateTime));
        if (change is not null)
        {
            change(db);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task The_formula_shows_the_skus_own_numbers()
    {
        await SeedAsync();

        var panel = RenderWithPopovers<SkuPlanningPanel>(p => p.Add(x => x.Sku, "HOT"));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll(".planning-formula-ss")));
        Assert.Equal("SS = 2.054 · √(10 · 1² + 3² · 2²) = 14", panel.Find(".planning-formula-ss").TextContent.Trim());
        Assert.Equal("ROP = d̄ · L + SS = 3 · 10 + 14 = 44", panel.Find(".planning-formula-rop").TextContent.Trim());
        Assert.Equal("A", panel.Find("[data-field='abc']").TextContent.Trim());
        Assert.Contains("98% (the ABC class default), z = 2.054", Text(panel.Find("[data-field='service-level']").TextContent), StringComparison.Ordinal);
        Assert.Contains("10 (received PO lines)", Text(panel.Find("[data-field='lead-mean']").TextContent), StringComparison.Ordinal);
        Assert.Empty(panel.FindAll(".planning-manual-ss"));
        Assert.Empty(panel.FindAll(".planning-manual-rop"));

        // IP −1,260 ≤ 44: order 44 + 3 · 7 + 1,260 = 1,325.
        Assert.Contains("= -1260 ≤ ROP 44: order 1325 now", Text(panel.Find(".planning-position").TextContent), StringComparison.Ordinal);
        Assert.Equal("90", panel.Find(".planning-position-chart").GetAttribute("data-days"));
        Assert.Equal("270", panel.Find(".sku-demand").GetAttribute("data-units"));
    }

    [Fact]
    public async Task A_manual_safety_stock_is_marked_and_feeds_the_reorder_point()
    {
        await SeedAsync(db => db.Skus.Single(s => s.Code == "HOT").SetManualPlanning(null, 20));

        var panel = RenderWithPopovers<SkuPlanningPanel>(p => p.Add(x => x.Sku, "HOT"));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll(".planning-manual-ss")));
        Assert.Equal("SS = 2.054 · √(10 · 1² + 3² · 2²) = 14", panel.Find(".planning-formula-ss").TextContent.Trim());
        Assert.Contains("A manual safety stock of 20 applies instead of the computed 14.", Text(panel.Find(".planning-manual-ss").TextContent), StringComparison.Ordinal);
        Assert.Contains("manual", panel.Find(".planning-manual-ss .mud-chip").TextContent, StringComparison.Ordinal);
        Assert.Equal("ROP = d̄ · L + SS = 3 · 10 + 20 = 50", panel.Find(".planning-formula-rop").TextContent.Trim());
    }

    [Fact]
    public async Task A_manual_reorder_point_is_marked()
    {
        await SeedAsync();

        var panel = RenderWithPopovers<SkuPlanningPanel>(p => p.Add(x => x.Sku, "NONE"));

        panel.WaitForAssertion(() => Assert.NotEmpty(panel.FindAll(".planning-manual-rop")));
        Assert.Contains("A manual reorder point of 5 applies instead.", Text(panel.Find(".planning-manual-rop").TextContent), StringComparison.Ordinal);
        Assert.Equal("SS = 1.282 · √(10 · 0² + 0² · 2²) = 0", panel.Find(".planning-formula-ss").TextContent.Trim());
    }

    [Fact]
    public void An_unknown_sku_says_so()
    {
        var panel = RenderWithPopovers<SkuPlanningPanel>(p => p.Add(x => x.Sku, "NOPE"));

        panel.WaitForAssertion(() => Assert.Contains("There is no SKU NOPE.", panel.Find("[role=alert]").TextContent, StringComparison.Ordinal));
    }

    private static string Text(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
