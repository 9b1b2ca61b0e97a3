using BackorderDesk.Domain;
using BackorderDesk.Features.Planning;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackorderDesk.Tests.Features.Planning;

public sealed class ListPlanningTests : IAsyncLifetime
{
    private WriterHarness _w = null!;

    private ListPlanning List => new(_w.Database);

    public async ValueTask InitializeAsync()
    {
        _w = await WriterHarness.CreateAsync();
        await using (var db = _w.Database.CreateDbContext())
        {
            await PlanningDataSet.SeedAsync(db, DateOnly.FromDateTime(_w.Time.GetUtcNow().UtcDateTime));
        }

        await new RecomputePlanning(_w.Database, _w.Writer, _w.Time, NullLogger<RecomputePlanning>.Instance)
            .HandleAsync(null, null, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await _w.DisposeAsync();

    [Fact]
    public async Task By_default_the_largest_shortfall_comes_first()
    {
        var list = await List.HandleAsync(new PlanningQuery { Client = "ACME" }, TestContext.Current.CancellationToken);

        // Shortfall ROP − IP: HOT 44 + 1,260; MID 60 + 80; LOW 4 + 3; NONE 5 − 0. All four are alerts.
        Assert.Equal(["HOT", "MID", "LOW", "NONE"], list.Rows.Select(r => r.Sku));
        Assert.Equal((4, 4), (list.Total, list.Alerts));
        var hot = list.Rows[0];
        Assert.Equal((AbcClass.A, 98m, 14, 44, -1_260, 1_270), (hot.Abc!.Value, hot.ServiceLevel!.Value, hot.SafetyStock, hot.ReorderPoint, hot.InventoryPosition, hot.Backordered));
        Assert.Equal(3.0, hot.DemandMean, 1e-9);
        Assert.Equal(1_325, hot.SuggestedQty); // 44 + 3 · 7 + 1,260
        Assert.Equal("SUP", hot.Supplier);
        Assert.True(list.Rows[3].IsManual);
        Assert.False(hot.IsManual);
    }

    [Fact]
    public async Task Filters_sorts_and_pages_in_the_query()
    {
        var ct = TestContext.Current.CancellationToken;

        var classC = await List.HandleAsync(new PlanningQuery { Abc = AbcClass.C, Sort = PlanningSort.Sku }, ct);
        Assert.Equal(["LOW", "NONE"], classC.Rows.Select(r => r.Sku));

        var byDemand = await List.HandleAsync(new PlanningQuery { Sort = PlanningSort.DemandMean, Descending = true, PageSize = 2, Page = 1 }, ct);
        Assert.Equal(["LOW", "NONE"], byDemand.Rows.Select(r => r.Sku)); // page 2 of HOT 3, MID 1, LOW 1/30, NONE 0
        Assert.Equal(4, byDemand.Total);

        var search = await List.HandleAsync(new PlanningQuery { Search = "item m" }, ct);
        Assert.Equal(["MID"], search.Rows.Select(r => r.Sku));

        var unknownClient = await List.HandleAsync(new PlanningQuery { Client = "NOPE" }, ct);
        Assert.Empty(unknownClient.Rows);
    }

    [Fact]
    public async Task Alerts_only_leaves_out_skus_above_their_reorder_point()
    {
        var ct = TestContext.Current.CancellationToken;
        await _w.Writer.WriteAsync(async (scope, c) =>
        {
            var sku = scope.Db.Skus.Single(s => s.Code == "NONE");
            WarehouseOperations.Adjust(await scope.LoadBookAsync(sku, c), 6, "found", scope.Operation);
            return true;
        }, ct);

        var list = await List.HandleAsync(new PlanningQuery { AlertsOnly = true }, ct);

        Assert.Equal(["HOT", "MID", "LOW"], list.Rows.Select(r => r.Sku)); // NONE: IP 6 > 5
        Assert.Equal(3, list.Alerts);
    }

    [Fact]
    public void The_query_round_trips_through_the_url()
    {
        var query = new PlanningQuery { Client = "ACME", Abc = AbcClass.B, AlertsOnly = true, Search = "tent", Sort = PlanningSort.DemandMean, Descending = true, Page = 2, PageSize = 50 };
        var url = string.Join("&", query.ToQueryParameters().Where(p => p.Value is not null).Select(p => $"{p.Key}={p.Value}"));

        Assert.Equal("client=ACME&abc=B&alerts=true&q=tent&sort=demandmean&dir=desc&page=3&size=50", url);
        Assert.Equal(query, PlanningQuery.FromQueryString("?" + url));
        Assert.Equal(new PlanningQuery(), PlanningQuery.FromQueryString("?sort=nonsense&abc=Z&page=-1"));
    }
}
