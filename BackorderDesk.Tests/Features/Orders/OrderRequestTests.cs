using System.Net;
using System.Net.Http.Json;
using System.Text;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>Placing orders through the API: what is stored, and every way a request can be wrong.</summary>
public sealed class OrderRequestTests
{
    private static readonly string Long65 = new('X', 65);
    private static readonly string Long201 = new('n', 201);

    [Fact]
    public async Task Placed_order_answers_201_with_location_defaults_and_payment_authorization()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 1);

        var response = await s.Api.PostAsJsonAsync(
            "/api/orders",
            new
            {
                number = " SO-1 ",
                customer = new { code = "C-9", name = "Anna Berg", email = "Anna@Example.com", type = "dtc" },
                shipPolicy = "ShipPartial",
                lines = new[] { new { sku = "TENT", qty = 1 }, new { sku = "TENT", qty = 2 } },
            },
            s.Ct);

        var view = await s.ReadAsync<OrderView>(response, HttpStatusCode.Created);
        Assert.Equal("/api/orders/SO-1", response.Headers.Location?.OriginalString);
        Assert.Equal(("SO-1", "DEFAULT", "api", OrderPriority.Standard, ShipPolicy.ShipPartial), (view.Number, view.Client, view.Channel, view.Priority, view.ShipPolicy));
        Assert.Equal(new CustomerView("C-9", "Anna Berg", "Anna@Example.com", CustomerType.Dtc), view.Customer);
        Assert.Equal(OrdersScenario.Monday.UtcDateTime, view.PlacedAt);
        Assert.Equal(OrdersScenario.Monday.UtcDateTime.AddDays(7), view.PaymentAuthorizationExpiresAt);

        // The same SKU twice is two lines, numbered in the order the request listed them.
        Assert.Equal([(1, "TENT", 1, 1), (2, "TENT", 2, 0)], view.Lines.Select(l => (l.LineNumber, l.Sku, l.OrderedQty, l.AllocatedQty)));
        Assert.Equal([null, 1], view.Lines.Select(l => l.QueuePosition));
        Assert.Null(view.Lines[0].Eta);
        Assert.Equal(OrderStatus.PartiallyAllocated, view.Status);
    }

    [Fact]
    public async Task B2b_authorization_lasts_30_days_from_the_channels_placed_at_and_channel_is_kept()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var placedAt = OrdersScenario.Monday.AddDays(-2);

        var response = await s.Api.PostAsJsonAsync(
            "/api/orders",
            new { number = "SO-1", customer = new { code = "B-1", name = "Shop AB", type = "B2b" }, channel = "b2b-portal", placedAt, shipPolicy = "ShipComplete", priority = "KeyAccount", lines = new[] { new { sku = "TENT", qty = 1 } } },
            s.Ct);

        var view = await s.ReadAsync<OrderView>(response, HttpStatusCode.Created);
        Assert.Equal((placedAt.UtcDateTime, placedAt.UtcDateTime.AddDays(30), "b2b-portal", OrderPriority.KeyAccount), (view.PlacedAt, view.PaymentAuthorizationExpiresAt, view.Channel, view.Priority));
        Assert.Null(view.Customer.Email);
    }

    [Fact]
    public async Task Customer_is_created_once_and_updated_from_its_code()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 1)], customerCode: "C-1", customerName: "Jane Doe", email: "jane@example.com");

        var second = await s.PlaceAsync("SO-2", [("TENT", 1)], customerCode: "C-1", customerName: "Jane Smith", email: "jane.smith@example.com", type: "B2b");

        Assert.Equal(new CustomerView("C-1", "Jane Smith", "jane.smith@example.com", CustomerType.B2b), second.Customer);
        Assert.Equal(second.Customer, (await s.GetAsync("SO-1")).Customer);
        await using var db = s.Factory.CreateDbContext();
        Assert.Equal(1, await db.Customers.CountAsync(s.Ct));
    }

    [Fact]
    public async Task Order_number_already_used_answers_409_and_changes_nothing()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 1)]);
        var before = await s.StateAsync();

        var response = await s.Api.PostAsJsonAsync("/api/orders", OrderAllocationRulesTests.OrderBody("SO-1", ("TENT", 5)), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.Conflict);
        Assert.Equal("Order number SO-1 is already used. Send each order once, with its own number.", problem.Title);
        Assert.Equal(before, await s.StateAsync());
    }

    [Theory]
    [InlineData("SKU NOPE does not exist. Create it first.", "lines[1].sku", "TENT", "NOPE", null)]
    [InlineData("Client GHOST does not exist. Create it first with POST /api/clients.", "client", "TENT", "TENT", "GHOST")]
    [InlineData("SKU OTHER belongs to another client than DEFAULT; name its client in client, or order it separately.", "lines[1].sku", "TENT", "OTHER", null)]
    public async Task Unknown_sku_or_client_answers_422_saying_which(string title, string field, string sku1, string sku2, string? client)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        await s.AddSkuAsync("OTHER", client: "BETA");
        var before = await s.StateAsync();

        var response = await s.Api.PostAsJsonAsync(
            "/api/orders",
            new { number = "SO-1", client, customer = new { code = "C-1", name = "Jane", type = "Dtc" }, shipPolicy = "ShipPartial", lines = new[] { new { sku = sku1, qty = 1 }, new { sku = sku2, qty = 1 } } },
            s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.UnprocessableEntity);
        Assert.Equal(title, problem.Title);
        Assert.True(problem.Errors!.ContainsKey(field));
        Assert.Equal(before, await s.StateAsync());
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "number" },
        { """{"number":"","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "number" },
        { """{"number":"   ","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "number" },
        { $$"""{"number":"{{Long65}}","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "number" },
        { """{"number":"SO\u0007","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "number" },
        { """{"number":"SO-1","shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer" },
        { """{"number":"SO-1","customer":{"name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.code" },
        { $$"""{"number":"SO-1","customer":{"code":"{{Long65}}","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.code" },
        { """{"number":"SO-1","customer":{"code":"C","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.name" },
        { $$"""{"number":"SO-1","customer":{"code":"C","name":"{{Long201}}","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.name" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","email":"not-an-email","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.email" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","email":"a@b","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.email" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","email":"a b@c.com","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.email" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","email":"a@@c.com","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.email" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.type" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Retail"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.type" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"1"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "customer.type" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"lines":[{"sku":"TENT","qty":1}]}""", "shipPolicy" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipWhenever","lines":[{"sku":"TENT","qty":1}]}""", "shipPolicy" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","priority":"Urgent","lines":[{"sku":"TENT","qty":1}]}""", "priority" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","priority":"0","lines":[{"sku":"TENT","qty":1}]}""", "priority" },
        { $$"""{"number":"SO-1","client":"{{Long65}}","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "client" },
        { $$"""{"number":"SO-1","channel":"{{Long65}}","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "channel" },
        { """{"number":"SO-1","placedAt":"2026-11-25T09:00:01Z","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "placedAt" },
        { """{"number":"SO-1","placedAt":"1970-01-01T00:00:00Z","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""", "placedAt" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial"}""", "lines" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[]}""", "lines" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1},null]}""", "lines[1]" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"qty":1}]}""", "lines[0].sku" },
        { $$"""{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"{{Long65}}","qty":1}]}""", "lines[0].sku" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT"}]}""", "lines[0].qty" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1},{"sku":"TENT","qty":1},{"sku":"TENT","qty":0}]}""", "lines[2].qty" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":-5}]}""", "lines[0].qty" },
        { """{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1000001}]}""", "lines[0].qty" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_field_answers_400_keyed_by_the_field_and_changes_nothing(string body, string field)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var before = await s.StateAsync();

        var response = await s.Api.PostAsync("/api/orders", Json(body), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.BadRequest);
        Assert.Equal("The request has invalid fields; fix them and send it again.", problem.Title);
        Assert.True(problem.Errors!.ContainsKey(field), string.Join(", ", problem.Errors.Keys));
        Assert.Equal(before, await s.StateAsync());
    }

    [Theory]
    [InlineData("{\"number\":\"SO-1\",")]
    [InlineData("not json at all")]
    [InlineData("""{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1.5}]}""")]
    [InlineData("""{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":99999999999}]}""")]
    [InlineData("""{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":"three"}]}""")]
    [InlineData("""{"number":42,"customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""")]
    [InlineData("""{"number":"SO-1","customer":"C","shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""")]
    [InlineData("""{"number":"SO-1","placedAt":"yesterday","customer":{"code":"C","name":"N","type":"Dtc"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""")]
    [InlineData("[]")]
    public async Task Malformed_json_answers_400_with_a_title_and_changes_nothing(string body)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var before = await s.StateAsync();

        var response = await s.Api.PostAsync("/api/orders", Json(body), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.BadRequest);
        Assert.StartsWith("The request body is not valid JSON for this endpoint", problem.Title, StringComparison.Ordinal);
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Missing_body_answers_400()
    {
        await using var s = await OrdersScenario.StartAsync();
        var before = await s.StateAsync();

        var response = await s.Api.PostAsync("/api/orders", new StringContent("", Encoding.UTF8, "application/json"), s.Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Order_of_501_lines_answers_400()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var before = await s.StateAsync();

        var response = await s.Api.PostAsJsonAsync("/api/orders", OrderAllocationRulesTests.OrderBody("SO-1", [.. Enumerable.Repeat(("TENT", 1), 501)]), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.BadRequest);
        Assert.Equal(["lines must list 1 to 500 lines; split a larger order."], problem.Errors!["lines"]);
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Order_of_500_lines_is_placed()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");

        var order = await s.PlaceAsync("SO-1", [.. Enumerable.Repeat(("TENT", 1), 500)]);

        Assert.Equal(500, order.Lines.Count);
        Assert.Equal(500, order.Lines[^1].QueuePosition);
    }

    [Fact]
    public async Task Body_over_1_MB_answers_413_and_changes_nothing()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var before = await s.StateAsync();
        var body = $$"""{"number":"SO-1","customer":{"code":"C","name":"N","type":"Dtc","padding":"{{new string('x', 1_100_000)}}"},"shipPolicy":"ShipPartial","lines":[{"sku":"TENT","qty":1}]}""";

        var response = await s.Api.PostAsync("/api/orders", Json(body), s.Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await s.StateAsync());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.Unauthorized)]
    [InlineData("wrong-key", HttpStatusCode.Unauthorized)]
    [InlineData(DeskTestHost.ReadOnlyKey, HttpStatusCode.Forbidden)]
    [InlineData(DeskTestHost.ScannerKey, HttpStatusCode.Forbidden)]
    public async Task Placing_an_order_needs_an_integration_key(string? key, HttpStatusCode expected)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        var before = await s.StateAsync();
        using var client = s.ClientWithKey(key);

        var response = await client.PostAsJsonAsync("/api/orders", OrderAllocationRulesTests.OrderBody("SO-1", ("TENT", 1)), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, expected);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title));
        Assert.Equal(before, await s.StateAsync());
    }

    [Theory]
    [InlineData("/api/orders/SO-1/lines/1/cancel", "{}")]
    [InlineData("/api/orders/SO-1/priority", """{"priority":"Expedite"}""")]
    [InlineData("/api/orders/SO-1/lines/1/hold", """{"reason":"x"}""")]
    [InlineData("/api/orders/SO-1/lines/1/release", "{}")]
    [InlineData("/api/shipments", """{"orderNumber":"SO-1"}""")]
    public async Task Read_only_and_scanner_keys_may_read_orders_but_not_change_them(string route, string body)
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        await s.ReceiveAsync("TENT", 1);
        await s.PlaceAsync("SO-1", [("TENT", 1)]);
        var before = await s.StateAsync();

        foreach (var key in new[] { DeskTestHost.ReadOnlyKey, DeskTestHost.ScannerKey })
        {
            using var client = s.ClientWithKey(key);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/orders/SO-1", s.Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/orders?query=so", s.Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync(route, Json(body), s.Ct)).StatusCode);
        }

        using var anonymous = s.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/orders/SO-1", s.Ct)).StatusCode);
        Assert.Equal(before, await s.StateAsync());
    }

    internal static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
