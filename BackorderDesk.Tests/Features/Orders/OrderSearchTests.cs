using BackorderDesk.Data;
using System.Net;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>
/// GET /api/orders?query= (API.md, "Search"): a substring of the order number, customer code, email or
/// name, case- and accent-insensitive in any language, newest first, paged with the total in X-Total-Count.
/// </summary>
public class OrderSearchTests
{
    /// <summary>The database these tests run on; <see cref="OrderSearchTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Search_finds_any_part_of_number_code_email_or_name_whatever_the_case_and_accents()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        var monday = OrdersScenario.Monday;
        await s.PlaceAsync("WEB/2026/001", [("TENT", 1)], placedAt: monday.AddHours(-6), customerCode: "NTR-C1", customerName: "Lea Brown", email: "lea.brown@mail.example");
        await s.PlaceAsync("WEB/2026/002", [("TENT", 1)], placedAt: monday.AddHours(-5), customerCode: "DE-K-77", customerName: "Jürgen MÜLLER", email: "j.mueller@beispiel.example");
        await s.PlaceAsync("SO-3003", [("TENT", 1)], placedAt: monday.AddHours(-4), customerCode: "ES-0042", customerName: "José García", email: "pepe@correo.example");
        await s.PlaceAsync("SO-3004", [("TENT", 1)], placedAt: monday.AddHours(-3), customerCode: "DK-9", customerName: "Søren Østergaard", email: null);
        await s.PlaceAsync("SO-3005", [("TENT", 1)], placedAt: monday.AddHours(-2), customerCode: "DE-S-1", customerName: "Gerd Straße", email: "gerd@strasse.example");

        async Task<string[]> Search(string query) => (await s.ReadAsync<List<OrderSummary>>(
            await s.Api.GetAsync($"/api/orders?query={Uri.EscapeDataString(query)}", s.Ct))).Select(o => o.Number).ToArray();

        Assert.Equal(["WEB/2026/001"], await Search("rown"));                  // the middle of a name
        Assert.Equal(["WEB/2026/002"], await Search("müller"));                // MÜLLER in lower case
        Assert.Equal(["WEB/2026/002"], await Search("Muller"));                // and without the accent
        Assert.Equal(["SO-3003"], await Search("jose"));                       // José without the accent
        Assert.Equal(["SO-3003"], await Search("GARCIA"));
        Assert.Equal(["SO-3004"], await Search("soren ost"));                  // ø folds to o
        Assert.Equal(["SO-3005"], await Search("strasse"));                    // ß folds to ss: the name and the email
        Assert.Equal(["WEB/2026/001"], await Search("own@mail"));              // a fragment of an email
        Assert.Equal(["WEB/2026/002", "WEB/2026/001"], await Search("2026/0"));  // a fragment of an order number, newest first
        Assert.Equal(["SO-3003"], await Search("s-0042"));                     // a fragment of a customer code
        Assert.Equal(["SO-3005", "SO-3004", "SO-3003"], await Search("so-30"));
        Assert.Empty(await Search("brown@beispiel"));                          // no match across two fields
        Assert.Empty(await Search("nobody"));

        // One or two characters match the start of the number, code, email, name or surname only.
        Assert.Equal(["SO-3005", "SO-3004", "SO-3003"], await Search("so"));
        Assert.Equal(["WEB/2026/001"], await Search("le"));
        Assert.Equal(["SO-3004"], await Search("Ø"));                          // the start of Østergaard, folded
        Assert.Empty(await Search("ow"));                                       // in the middle: not for two characters
    }

    [Fact]
    public async Task Search_pages_newest_first_and_says_how_many_match_in_X_Total_Count()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        for (var i = 1; i <= 7; i++)
        {
            await s.PlaceAsync($"SO-{i}", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-10 + i), customerCode: "C-ADA", customerName: "Ada Lovelace", email: "ada@mail.example");
        }

        await s.PlaceAsync("SO-99", [("TENT", 1)], customerCode: "C-BOB", customerName: "Bob Marsh", email: "bob@mail.example");

        // "numbers on the page | X-Total-Count"
        async Task<string> Page(string query)
        {
            var response = await s.Api.GetAsync($"/api/orders?{query}", s.Ct);
            var numbers = (await s.ReadAsync<List<OrderSummary>>(response)).Select(o => o.Number);
            return $"{string.Join(' ', numbers)} | {(response.Headers.TryGetValues("X-Total-Count", out var values) ? values.Single() : "none")}";
        }

        Assert.Equal("SO-7 SO-6 SO-5 | 7", await Page("query=lovelace&page=1&pageSize=3"));
        Assert.Equal("SO-4 SO-3 SO-2 | 7", await Page("query=lovelace&page=2&pageSize=3"));
        Assert.Equal("SO-1 | 7", await Page("query=lovelace&page=3&pageSize=3"));
        Assert.Equal(" | 7", await Page("query=lovelace&page=4&pageSize=3"));
        Assert.Equal("SO-7 SO-6 SO-5 SO-4 SO-3 SO-2 SO-1 | 7", await Page("query=LOVELACE"));
        Assert.Equal("SO-99 SO-7 | 8", await Page("query=mail.example&pageSize=2"));
        Assert.Equal("SO-99 SO-7 | 8", await Page("query=&pageSize=2"));
        Assert.Equal("SO-7 SO-6 | 7", await Page("query=ad&pageSize=2"));   // two characters: the start of "Ada"
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=abc", "page")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=-1", "pageSize")]
    public async Task A_bad_page_or_page_size_answers_400_naming_the_field(string query, string field)
    {
        await using var s = await OrdersScenario.StartAsync(Provider);

        var response = await s.Api.GetAsync($"/api/orders?query=ada&{query}", s.Ct);

        Assert.True((await s.ReadAsync<Problem>(response, HttpStatusCode.BadRequest)).Errors!.ContainsKey(field));
    }

    [Fact]
    public async Task More_matches_than_are_counted_say_so_and_page_through_the_newest()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        var count = OrderSearchIndex.CountLimit + 3;
        await using (var db = s.Factory.CreateDbContext())
        {
            // Written straight to the database (the index's triggers follow): a thousand orders through the API would take long.
            var client = await db.Clients.SingleAsync(s.Ct);
            var customer = new Customer("C-BULK", "Bulk Buyer", "bulk@mail.example", CustomerType.B2b);
            for (var i = 1; i <= count; i++)
            {
                db.Orders.Add(new SalesOrder($"BULK-{i:0000}", client, customer, "test", OrdersScenario.Monday.UtcDateTime.AddHours(-2).AddMinutes(-count + i), ShipPolicy.ShipPartial, OrderPriority.Standard));
            }

            await db.SaveChangesAsync(s.Ct);
        }

        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-1), customerCode: "C-ADA", customerName: "Ada Lovelace", email: "ada@mail.example");

        // "numbers on the page | X-Total-Count | X-Total-Count-Capped"
        async Task<string> Page(string query)
        {
            var response = await s.Api.GetAsync($"/api/orders?{query}", s.Ct);
            var numbers = (await s.ReadAsync<List<OrderSummary>>(response)).Select(o => o.Number);
            var capped = response.Headers.TryGetValues(OrdersEndpoints.TotalCountCappedHeader, out var flag) ? flag.Single() : "exact";
            return $"{string.Join(' ', numbers)} | {response.Headers.GetValues(OrdersEndpoints.TotalCountHeader).Single()} | {capped}";
        }

        Assert.Equal("BULK-1003 BULK-1002 | 1000 | true", await Page("query=bulk buyer&pageSize=2"));  // the trigram index
        Assert.Equal("BULK-1003 BULK-1002 | 1000 | true", await Page("query=bu&pageSize=2"));          // a two-character start
        Assert.Equal("SO-1 BULK-1003 | 1000 | true", await Page("query=mail.example&pageSize=2"));     // Ada's order is newer
        Assert.Equal("BULK-0004 | 1000 | true", await Page("query=bulk&page=1000&pageSize=1"));        // the last counted match
        Assert.Equal(" | 1000 | true", await Page("query=bulk&page=1001&pageSize=1"));
        Assert.Equal("BULK-0999 | 1 | exact", await Page("query=bulk-0999"));
        Assert.Equal("SO-1 | 1 | exact", await Page("query=lovelace"));
    }

    [Fact]
    public async Task A_customer_whose_name_or_email_changes_is_found_by_the_new_ones_on_all_its_orders()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-2), customerCode: "C-ANNA", customerName: "Anna Berg", email: "anna@old.example");
        await s.PlaceAsync("SO-2", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-1), customerCode: "C-ANNA", customerName: "Anna Lindqvist", email: "anna@new.example");

        async Task<string[]> Search(string query) => (await s.ReadAsync<List<OrderSummary>>(
            await s.Api.GetAsync($"/api/orders?query={Uri.EscapeDataString(query)}", s.Ct))).Select(o => o.Number).ToArray();

        Assert.Equal(["SO-2", "SO-1"], await Search("lindq"));
        Assert.Equal(["SO-2", "SO-1"], await Search("new.example"));
        Assert.Empty(await Search("berg"));
        Assert.Empty(await Search("old.example"));
    }
}

/// <summary>Every test of <see cref="OrderSearchTests"/> on PostgreSQL.</summary>
public sealed class OrderSearchTestsOnPostgres : OrderSearchTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
