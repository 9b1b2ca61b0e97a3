using System.Net;
using BackorderDesk.Tests.Features.Catalog;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class SkuPlanningApiTests : IAsyncLifetime
{
    private readonly DeskTestHost _app = CatalogHost.Create();

    private DateOnly Today => DateOnly.FromDateTime(_app.Clock.GetUtcNow().UtcDateTime);

    public async ValueTask InitializeAsync()
    {
        _app.ReadOnly().Dispose(); // starts the app, which creates the database
        await using var db = _app.CreateDbContext();
        await PlanningDataSet.SeedAsync(db, Today);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Planning_figures_are_computed_from_the_data_as_of_the_request()
    {
        // No recompute has run: the stored reorder point is 0, the answer is computed now.
        var response = await _app.ReadOnly().GetUrlAsync("/api/skus/HOT/planning");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var p = await response.JsonAsync();
        Assert.Equal("HOT", p.GetProperty("sku").GetString());
        Assert.Equal("A", p.GetProperty("abcClass").GetString());
        Assert.Equal(98m, p.GetProperty("serviceLevel").GetDecimal());
        Assert.Equal(2.054, p.GetProperty("z").GetDouble());
        Assert.Equal(90, p.GetProperty("windowDays").GetInt32());
        Assert.Equal(3.0, p.GetProperty("demandMean").GetDouble(), 1e-9);
        Assert.Equal(1.0, p.GetProperty("demandStdDev").GetDouble(), 1e-9);
        Assert.Equal(10.0, p.GetProperty("leadTimeMean").GetDouble(), 1e-9);
        Assert.Equal(2.0, p.GetProperty("leadTimeStdDev").GetDouble(), 1e-9);
        Assert.True(p.GetProperty("leadTimeFromHistory").GetBoolean());
        Assert.Equal(14, p.GetProperty("safetyStock").GetInt32());
        Assert.Equal(44, p.GetProperty("reorderPoint").GetInt32());
        Assert.False(p.GetProperty("reorderPointIsManual").GetBoolean());
        Assert.Equal(-1_260, p.GetProperty("inventoryPosition").GetInt32());
        Assert.Equal(7, p.GetProperty("reviewDays").GetInt32());

        // Lift −1,260 to 44 + 3 · 7 = 65: 1,325.
        Assert.Equal(1_325, p.GetProperty("suggestedQty").GetInt32());
    }

    [Fact]
    public async Task A_new_order_moves_the_figures_at_once()
    {
        // 90 more units of MID today: d̄ 2; value 900 of 3,603, with 2,700 (74.9%) before it: now A.
        await _app.PlaceOrderAsync("SO-NEW", "MID", 90);

        var p = await (await _app.ReadOnly().GetUrlAsync("/api/skus/MID/planning")).JsonAsync();

        Assert.Equal(2.0, p.GetProperty("demandMean").GetDouble(), 1e-9);
        Assert.Equal("A", p.GetProperty("abcClass").GetString());
        Assert.Equal(-170, p.GetProperty("inventoryPosition").GetInt32()); // the 10 on hand allocated, 170 waiting
    }

    [Fact]
    public async Task A_manual_reorder_point_is_marked_and_an_unknown_sku_is_404()
    {
        var none = await (await _app.ReadOnly().GetUrlAsync("/api/skus/NONE/planning")).JsonAsync();
        Assert.Equal(5, none.GetProperty("reorderPoint").GetInt32());
        Assert.True(none.GetProperty("reorderPointIsManual").GetBoolean());
        Assert.Equal("C", none.GetProperty("abcClass").GetString());

        var missing = await _app.ReadOnly().GetUrlAsync("/api/skus/NOPE/planning");
        await missing.ProblemAsync(404);
    }

    [Fact]
    public async Task Without_a_key_it_is_401()
    {
        var response = await _app.CreateClient().GetAsync(new Uri("/api/skus/HOT/planning", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
