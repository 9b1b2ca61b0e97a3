using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.Features.Backorders;

public sealed class ListBackordersTests : IAsyncLifetime
{
    private SqliteTestDatabase _database = null!;
    private ListBackorders _list = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        _list = new ListBackorders(_database, new FakeTimeProvider(MudBunitContext.Start));
    }

    public ValueTask DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task An_empty_warehouse_has_nothing_waiting()
    {
        var list = await _list.HandleAsync(new BackorderQuery(new BackorderFilter()), TestContext.Current.CancellationToken);

        Assert.Empty(list.Rows);
        Assert.Equal(0, list.TotalCount);
        Assert.False(list.AnythingWaiting);
    }

    [Fact]
    public async Task Without_filters_every_waiting_line_is_listed_oldest_first_with_its_figures()
    {
        await SeedAsync();

        var list = await _list.HandleAsync(new BackorderQuery(new BackorderFilter()), TestContext.Current.CancellationToken);

        Assert.Equal(["SO-3/1", "SO-1/1", "SO-2/1", "SO-6/1", "SO-4/1"], Keys(list));
        Assert.Equal(5, list.TotalCount);
        Assert.True(list.AnythingWaiting);
        Assert.Equal([41, 29, 10, 8, 2], list.Rows.Select(r => r.AgeDays));
        Assert.Equal(
            new BackorderRow("SO-2", 1, "Bob Builder", "ACME", "B", OrderPriority.KeyAccount, new DateTime(2026, 2, 20, 9, 0, 0, DateTimeKind.Utc), 5, 2, 3, 10,
                new DateOnly(2026, 3, 12), new DateOnly(2026, 3, 16), EtaConfirmed: false, OnHold: false, RollingBackorder: true, ShipComplete: true),
            list.Rows[2]);
        Assert.True(list.Rows[0].OnHold);
        Assert.False(list.Rows[1].RollingBackorder);
    }

    [Theory]
    [InlineData("client", "ACME", "SO-1/1 SO-2/1 SO-6/1 SO-4/1")]
    [InlineData("sku", "C", "SO-3/1")]
    [InlineData("priority", "KeyAccount", "SO-2/1")]
    [InlineData("age", "0-7", "SO-4/1")]
    [InlineData("age", "8-14", "SO-2/1 SO-6/1")]
    [InlineData("age", "15-30", "SO-1/1")]
    [InlineData("age", "30+", "SO-3/1")]
    [InlineData("policy", "ShipComplete", "SO-2/1")]
    [InlineData("hold", "yes", "SO-3/1")]
    [InlineData("hold", "no", "SO-1/1 SO-2/1 SO-6/1 SO-4/1")]
    [InlineData("rolling", "yes", "SO-2/1")]
    [InlineData("unconfirmed", "yes", "SO-3/1 SO-2/1 SO-6/1 SO-4/1")]
    public async Task Each_filter_keeps_the_lines_worked_out_by_hand(string key, string value, string expected)
    {
        await SeedAsync();
        var filter = BackorderFilterUrl.Parse($"http://desk/backorders?{key}={Uri.EscapeDataString(value)}");

        var list = await _list.HandleAsync(new BackorderQuery(filter), TestContext.Current.CancellationToken);

        Assert.Equal(expected.Split(' '), Keys(list));
        Assert.Equal(expected.Split(' ').Length, list.TotalCount);
    }

    [Fact]
    public async Task Filters_combine_and_a_filter_nothing_matches_still_says_lines_wait()
    {
        await SeedAsync();
        var ct = TestContext.Current.CancellationToken;

        var both = await _list.HandleAsync(new BackorderQuery(new BackorderFilter(Client: "ACME", EtaUnconfirmedOnly: true)), ct);
        var none = await _list.HandleAsync(new BackorderQuery(new BackorderFilter(Client: "BETA", OnHold: false)), ct);

        Assert.Equal(["SO-2/1", "SO-6/1", "SO-4/1"], Keys(both));
        Assert.Empty(none.Rows);
        Assert.Equal(0, none.TotalCount);
        Assert.True(none.AnythingWaiting);
    }

    [Fact]
    public async Task Pages_are_cut_in_the_database_after_sorting()
    {
        await SeedAsync();
        var ct = TestContext.Current.CancellationToken;

        var second = await _list.HandleAsync(new BackorderQuery(new BackorderFilter(), PageSize: 2, Page: 1), ct);
        var third = await _list.HandleAsync(new BackorderQuery(new BackorderFilter(), PageSize: 2, Page: 2), ct);

        Assert.Equal(["SO-2/1", "SO-6/1"], Keys(second));
        Assert.Equal(["SO-4/1"], Keys(third));
        Assert.Equal(5, second.TotalCount);
    }

    [Fact]
    public async Task Sorting_by_waiting_units_breaks_ties_in_queue_order()
    {
        await SeedAsync();

        var list = await _list.HandleAsync(new BackorderQuery(new BackorderFilter(), BackorderSort.Waiting, Descending: true), TestContext.Current.CancellationToken);

        // SO-2/1 and SO-1/1 both wait for 3: KeyAccount comes before Standard.
        Assert.Equal(["SO-3/1", "SO-2/1", "SO-1/1", "SO-4/1", "SO-6/1"], Keys(list));
    }

    [Fact]
    public void The_filters_survive_a_round_trip_through_the_url()
    {
        var filter = new BackorderFilter("ACME", "B", OrderPriority.Expedite, AgeBucket.OverMonth, ShipPolicy.ShipComplete, OnHold: false, RollingOnly: true, EtaUnconfirmedOnly: true);
        var query = string.Join('&', BackorderFilterUrl.ToQuery(filter).Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString((string)p.Value!)}"));

        Assert.Equal("client=ACME&sku=B&priority=Expedite&age=30%2B&policy=ShipComplete&hold=no&rolling=yes&unconfirmed=yes", query);
        Assert.Equal(filter, BackorderFilterUrl.Parse("http://desk/backorders?" + query));
        Assert.Equal(new BackorderFilter(), BackorderFilterUrl.Parse("http://desk/backorders?priority=7&age=forever&hold=maybe"));
    }

    private async Task SeedAsync()
    {
        await using var db = _database.CreateDbContext();
        await BackordersDataSet.SeedAsync(db, TestContext.Current.CancellationToken);
    }

    private static string[] Keys(BackorderList list) => [.. list.Rows.Select(r => $"{r.OrderNumber}/{r.LineNumber}")];
}
