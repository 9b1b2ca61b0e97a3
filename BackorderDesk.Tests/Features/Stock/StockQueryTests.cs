using BackorderDesk.Domain;
using BackorderDesk.Features.Stock;
using MudBlazor;

namespace BackorderDesk.Tests.Features.Stock;

public sealed class StockQueryTests
{
    [Fact]
    public void Reads_every_filter_sort_and_page_from_the_query_string()
    {
        var query = StockQuery.FromQueryString(
            "?client=ACME&supplier=NORD&policy=stopselling&below=true&backorders=true&q=%20rain%20&sort=available&dir=desc&page=3&size=50");

        Assert.Equal(
            new StockQuery
            {
                Client = "ACME",
                Supplier = "NORD",
                Policy = SellingPolicy.StopSelling,
                BelowReorderPoint = true,
                HasBackorders = true,
                Search = "rain",
                Sort = StockSort.Available,
                Descending = true,
                Page = 2,
                PageSize = 50,
            },
            query);
        Assert.True(query.HasFilters);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?sort=nonsense&dir=sideways&page=-4&size=100000&policy=Perhaps&below=maybe&q=%20%20")]
    public void Missing_or_malformed_values_fall_back_to_the_defaults(string queryString)
    {
        var query = StockQuery.FromQueryString(queryString);

        Assert.Equal(new StockQuery(), query);
        Assert.False(query.HasFilters);
    }

    [Fact]
    public void Writes_only_what_differs_from_the_defaults_to_the_url()
    {
        var parameters = new StockQuery { Client = "ACME", Search = "rain", BelowReorderPoint = true, Sort = StockSort.Available, Page = 1 }
            .ToQueryParameters();

        Assert.Equal("ACME", parameters["client"]);
        Assert.Equal("rain", parameters["q"]);
        Assert.Equal("true", parameters["below"]);
        Assert.Equal("available", parameters["sort"]);
        Assert.Equal("asc", parameters["dir"]);
        Assert.Equal("2", parameters["page"]);
        Assert.Null(parameters["supplier"]);
        Assert.Null(parameters["policy"]);
        Assert.Null(parameters["backorders"]);
        Assert.Null(parameters["size"]);
        Assert.All(new StockQuery().ToQueryParameters().Values, Assert.Null);
    }

    [Fact]
    public void A_query_survives_the_round_trip_through_the_url()
    {
        var query = new StockQuery { Supplier = "SOUTH", Policy = SellingPolicy.Preorder, HasBackorders = true, Sort = StockSort.InventoryPosition, Descending = true, PageSize = 10, Page = 4 };
        var queryString = "?" + string.Join("&", query.ToQueryParameters()
            .Where(p => p.Value is not null)
            .Select(p => $"{p.Key}={Uri.EscapeDataString((string)p.Value!)}"));

        Assert.Equal(query, StockQuery.FromQueryString(queryString));
    }

    [Fact]
    public void Takes_page_size_and_sort_from_the_grid_and_keeps_the_filters()
    {
        var filters = new StockQuery { Client = "ACME", HasBackorders = true };
        var state = new GridState<StockRow>
        {
            Page = 3,
            PageSize = 10,
            SortDefinitions = [new SortDefinition<StockRow>(nameof(StockRow.InventoryPosition), true, 0, r => r.InventoryPosition, null)],
        };

        var query = filters.WithGridState(state);

        Assert.Equal(filters with { Page = 3, PageSize = 10, Sort = StockSort.InventoryPosition, Descending = true }, query);
    }

    [Fact]
    public void An_unsorted_grid_or_an_unsortable_column_sorts_by_sku()
    {
        var unsorted = new StockQuery { Sort = StockSort.Name }.WithGridState(new GridState<StockRow> { PageSize = 25 });
        var held = new StockQuery().WithGridState(new GridState<StockRow>
        {
            PageSize = 25,
            SortDefinitions = [new SortDefinition<StockRow>(nameof(StockRow.HeldForCompletion), false, 0, r => r.HeldForCompletion, null)],
        });

        Assert.Equal(StockSort.Sku, unsorted.Sort);
        Assert.Equal(StockSort.Sku, held.Sort);
    }
}
