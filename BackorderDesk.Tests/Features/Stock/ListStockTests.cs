using BackorderDesk.Domain;
using BackorderDesk.Features.Stock;
using BackorderDesk.Tests.TestSupport;

namespace BackorderDesk.Tests.Features.Stock;

public sealed class ListStockTests : IAsyncLifetime
{
    private static readonly StockRow A = new("A", "Rain jacket", "ACME", SellingPolicy.Backorderable, 10, 3, 7, 3, 6, new DateOnly(2026, 3, 10), 0, 4, 13);
    private static readonly StockRow B = new("B", "Fleece", "ACME", SellingPolicy.Backorderable, 2, 2, 0, 0, 8, new DateOnly(2026, 2, 25), 3, 6, 5);
    private static readonly StockRow C = new("C", "Beanie", "ACME", SellingPolicy.Backorderable, 0, 0, 0, 0, 9, new DateOnly(2026, 3, 5), 2, 5, 7);
    private static readonly StockRow D = new("D", "Wool socks", "BETA", SellingPolicy.StopSelling, 20, 4, 16, 0, 0, null, 0, 3, 16);
    private static readonly StockRow E = new("E", "Trail map", "BETA", SellingPolicy.Discontinued, 0, 0, 0, 0, 0, null, 0, 0, 0);

    private SqliteTestDatabase _database = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        await using var db = _database.CreateDbContext();
        await StockDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task First_page_lists_every_sku_by_code_with_its_buckets()
    {
        var list = await ListAsync(new StockQuery());

        Assert.Equal(5, list.Total);
        Assert.Equal([A, B, C, D, E], list.Rows);
        // E is at its reorder point (0 ≤ 0) but discontinued: never a reorder alert, on any screen.
        Assert.Equal([false, true, false, false, false], list.Rows.Select(r => r.BelowReorderPoint));
    }

    [Fact]
    public async Task Pages_are_cut_in_the_database_and_the_total_counts_all_rows()
    {
        var list = await ListAsync(new StockQuery { Page = 1, PageSize = 2 });

        Assert.Equal(5, list.Total);
        Assert.Equal([C, D], list.Rows);
    }

    [Theory]
    [InlineData(StockSort.Available, true, "D,A,B,C,E")]
    [InlineData(StockSort.InventoryPosition, false, "E,B,C,A,D")]
    [InlineData(StockSort.OnOrder, true, "C,B,A,D,E")]
    [InlineData(StockSort.ReorderPoint, false, "E,D,A,C,B")]
    [InlineData(StockSort.Name, false, "C,B,A,E,D")]
    [InlineData(StockSort.Client, true, "D,E,A,B,C")]
    [InlineData(StockSort.Backordered, true, "B,C,A,D,E")]
    [InlineData(StockSort.Sku, true, "E,D,C,B,A")]
    public async Task Sorts_by_the_chosen_column_then_by_code(StockSort sort, bool descending, string expected)
    {
        var list = await ListAsync(new StockQuery { Sort = sort, Descending = descending });

        Assert.Equal(expected, string.Join(",", list.Rows.Select(r => r.Sku)));
    }

    [Theory]
    [InlineData("client=BETA", "D,E")]
    [InlineData("supplier=SOUTH", "C,E")]
    [InlineData("policy=StopSelling", "D")]
    [InlineData("below=true", "B")] // E (0 ≤ 0) is discontinued: the filter lists the dashboard's and the alert list's SKUs
    [InlineData("backorders=true", "B,C")]
    [InlineData("q=FLEE", "B")]
    [InlineData("q=bea", "C")]
    [InlineData("q=000017", "A,D")]
    [InlineData("q=5012345000024", "B")]
    [InlineData("client=ACME&below=true", "B")]
    [InlineData("client=ACME&supplier=NORD&q=jacket", "A")]
    [InlineData("client=NOBODY", "")]
    [InlineData("supplier=NOBODY", "")]
    [InlineData("q=nothing-like-this", "")]
    public async Task Filters_narrow_the_rows_and_the_total(string queryString, string expected)
    {
        var list = await ListAsync(StockQuery.FromQueryString("?" + queryString));

        Assert.Equal(expected, string.Join(",", list.Rows.Select(r => r.Sku)));
        Assert.Equal(list.Rows.Count, list.Total);
    }

    [Fact]
    public async Task Filter_choices_list_clients_and_suppliers_by_code()
    {
        var choices = await new ListStock(_database).FilterChoicesAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["ACME", "BETA"], choices.Clients);
        Assert.Equal(["NORD", "SOUTH"], choices.Suppliers);
    }

    private Task<StockList> ListAsync(StockQuery query) =>
        new ListStock(_database).HandleAsync(query, TestContext.Current.CancellationToken);
}
