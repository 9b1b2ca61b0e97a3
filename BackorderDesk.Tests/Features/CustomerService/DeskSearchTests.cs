using BackorderDesk.Data;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Tests.Features.Orders;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.CustomerService;

public class DeskSearchTests
{
    /// <summary>The database these tests run on; <see cref="DeskSearchTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Orders_are_found_by_any_part_of_number_email_name_or_code_and_by_the_start_of_them_for_two_characters_newest_first()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("A");
        var monday = OrdersScenario.Monday;
        await s.PlaceAsync("SO-1001", [("A", 1)], placedAt: monday.AddHours(-3), customerCode: "NTR-C1", customerName: "Lea Brown", email: "Lea.Brown@example.com");
        await s.PlaceAsync("SO-1002", [("A", 1)], placedAt: monday.AddHours(-2), customerCode: "NTR-C2", customerName: "Leon Smith", email: "leon.smith@example.com");
        await s.PlaceAsync("SO-2001", [("A", 1)], placedAt: monday.AddHours(-1), customerCode: "NTR-C1", customerName: "Lea Brown", email: "Lea.Brown@example.com");
        var search = s.Factory.Services.GetRequiredService<DeskSearch>();

        async Task<string[]> Find(string query) => (await search.HandleAsync(query, ct)).Orders.Select(o => o.Number).ToArray();

        Assert.Equal(["SO-2001", "SO-1001"], await Find("lea.b"));
        Assert.Equal(["SO-2001", "SO-1001"], await Find("BROWN"));
        Assert.Equal(["SO-1002", "SO-1001"], await Find("so-100"));
        Assert.Equal(["SO-2001", "SO-1002", "SO-1001"], await Find("le"));
        Assert.Equal(["SO-1002"], await Find("ntr-c2"));
        Assert.Equal(["SO-1002"], await Find("Leon S"));
        Assert.Empty(await Find("l"));

        // Three characters or more match anywhere (a surname's middle, an email's domain); two match only a start.
        Assert.Equal(["SO-2001", "SO-1001"], await Find("rown"));
        Assert.Equal(["SO-2001", "SO-1002", "SO-1001"], await Find("example.com"));
        Assert.Empty(await Find("ro"));
    }
}

/// <summary>Every test of <see cref="DeskSearchTests"/> on PostgreSQL.</summary>
public sealed class DeskSearchTestsOnPostgres : DeskSearchTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
