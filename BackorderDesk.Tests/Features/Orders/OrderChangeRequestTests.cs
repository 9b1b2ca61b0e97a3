using BackorderDesk.Data;
using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;
using static BackorderDesk.Tests.Features.Orders.OrderRequestTests;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>Reading, searching and changing orders: 404s for unknown routes, 400/422 for bad input.</summary>
public class OrderChangeRequestTests
{
    /// <summary>The database these tests run on; <see cref="OrderChangeRequestTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Search_matches_number_customer_code_email_and_name_in_any_case_newest_first()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("WEB-1001", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-3), customerCode: "C-ANNA", customerName: "Anna Ölund", email: "anna.lund@mail.example");
        await s.PlaceAsync("WEB-1002", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-2), customerCode: "C-BOB", customerName: "Bob Marsh", email: "bob@shop.example");
        await s.PlaceAsync("B2B-77", [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-1), customerCode: "ACME-STORES", customerName: "Acme Stores", email: null, type: "B2b");

        async Task<string[]> Search(string query) =>
            (await s.ReadAsync<List<OrderSummary>>(await s.Api.GetAsync($"/api/orders?query={Uri.EscapeDataString(query)}", s.Ct))).Select(o => o.Number).ToArray();

        Assert.Equal(["WEB-1002", "WEB-1001"], await Search("web-10"));
        Assert.Equal(["WEB-1001"], await Search("LUND@MAIL"));
        Assert.Equal(["WEB-1002"], await Search("marsh"));
        Assert.Equal(["B2B-77"], await Search("acme-st"));
        Assert.Equal(["WEB-1002", "WEB-1001"], await Search(".example"));
        Assert.Empty(await Search("%"));
        Assert.Empty(await Search("nobody"));
        Assert.Equal(["B2B-77", "WEB-1002", "WEB-1001"], await Search(""));

        var summary = (await s.ReadAsync<List<OrderSummary>>(await s.Api.GetAsync("/api/orders?query=b2b", s.Ct))).Single();
        Assert.Equal(("B2B-77", "Acme Stores", OrderStatus.Backordered, OrdersScenario.Monday.AddHours(-1).UtcDateTime), (summary.Number, summary.Customer.Name, summary.Status, summary.PlacedAt));
    }

    [Fact]
    public async Task Search_query_longer_than_200_characters_answers_400()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);

        var response = await s.Api.GetAsync($"/api/orders?query={new string('a', 201)}", s.Ct);

        Assert.True((await s.ReadAsync<Problem>(response, HttpStatusCode.BadRequest)).Errors!.ContainsKey("query"));
    }

    [Theory]
    [InlineData("GET", "/api/orders/SO-404", null)]
    [InlineData("POST", "/api/orders/SO-404/lines/1/cancel", "{}")]
    [InlineData("POST", "/api/orders/SO-1/lines/3/cancel", "{}")]
    [InlineData("POST", "/api/orders/SO-1/lines/0/cancel", "{}")]
    [InlineData("POST", "/api/orders/SO-404/priority", """{"priority":"Expedite"}""")]
    [InlineData("POST", "/api/orders/SO-404/lines/1/hold", """{"reason":"payment"}""")]
    [InlineData("POST", "/api/orders/SO-1/lines/9/hold", """{"reason":"payment"}""")]
    [InlineData("POST", "/api/orders/SO-1/lines/9/release", null)]
    public async Task Unknown_order_or_line_in_the_route_answers_404(string method, string route, string? body)
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 1)]);
        var before = await s.StateAsync();

        var response = await s.Api.SendAsync(new HttpRequestMessage(new HttpMethod(method), route) { Content = body is null ? null : Json(body) }, s.Ct);

        var problem = await s.ReadAsync<Problem>(response, HttpStatusCode.NotFound);
        Assert.Contains(route.Contains("SO-404", StringComparison.Ordinal) ? "Order SO-404 does not exist" : "Order SO-1 has no line", problem.Title, StringComparison.Ordinal);
        Assert.Equal(before, await s.StateAsync());
    }

    [Theory]
    [InlineData("/api/orders/SO-1/lines/1/cancel", """{"qty":0}""", HttpStatusCode.BadRequest, "qty")]
    [InlineData("/api/orders/SO-1/lines/1/cancel", """{"qty":-1}""", HttpStatusCode.BadRequest, "qty")]
    [InlineData("/api/orders/SO-1/lines/1/cancel", """{"qty":1000001}""", HttpStatusCode.BadRequest, "qty")]
    [InlineData("/api/orders/SO-1/lines/1/cancel", """{"qty":4}""", HttpStatusCode.UnprocessableEntity, "qty")]
    [InlineData("/api/orders/SO-1/lines/2/cancel", """{"qty":1}""", HttpStatusCode.UnprocessableEntity, "qty")]
    [InlineData("/api/orders/SO-1/priority", """{"priority":"Urgent"}""", HttpStatusCode.BadRequest, "priority")]
    [InlineData("/api/orders/SO-1/priority", "{}", HttpStatusCode.BadRequest, "priority")]
    [InlineData("/api/orders/SO-1/lines/1/hold", "{}", HttpStatusCode.BadRequest, "reason")]
    [InlineData("/api/orders/SO-1/lines/1/hold", """{"reason":"   "}""", HttpStatusCode.BadRequest, "reason")]
    [InlineData("/api/orders/SO-1/lines/2/hold", """{"reason":"payment"}""", HttpStatusCode.UnprocessableEntity, "lineNumber")]
    [InlineData("/api/orders/SO-1/lines/1/release", null, HttpStatusCode.UnprocessableEntity, "lineNumber")]
    [InlineData("/api/shipments", """{"lines":[{"lineNumber":1,"qty":1}]}""", HttpStatusCode.BadRequest, "orderNumber")]
    [InlineData("/api/shipments", """{"orderNumber":"SO-1","lines":[]}""", HttpStatusCode.BadRequest, "lines")]
    [InlineData("/api/shipments", """{"orderNumber":"SO-1","lines":[{"lineNumber":0,"qty":1}]}""", HttpStatusCode.BadRequest, "lines[0].lineNumber")]
    [InlineData("/api/shipments", """{"orderNumber":"SO-1","lines":[{"lineNumber":1,"qty":0}]}""", HttpStatusCode.BadRequest, "lines[0].qty")]
    [InlineData("/api/shipments", """{"orderNumber":"SO-1","lines":[{"lineNumber":1,"qty":1},{"lineNumber":1,"qty":1}]}""", HttpStatusCode.BadRequest, "lines")]
    [InlineData("/api/shipments", """{"orderNumber":"SO-1","lines":[{"lineNumber":2,"qty":1}]}""", HttpStatusCode.UnprocessableEntity, "lines[0].qty")]
    public async Task Bad_change_answers_400_or_422_keyed_by_field_and_changes_nothing(string route, string? body, HttpStatusCode expected, string field)
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.AddSkuAsync("POLE");
        await s.ReceiveAsync("POLE", 2);
        await s.PlaceAsync("SO-1", [("TENT", 3), ("POLE", 2)]);
        await s.ReadAsync<ShipmentAnswer>(await s.Api.PostAsJsonAsync("/api/shipments", new { orderNumber = "SO-1", lines = new[] { new { lineNumber = 2, qty = 2 } } }, s.Ct));
        var before = await s.StateAsync();

        var response = await s.Api.PostAsync(route, body is null ? null : Json(body), s.Ct);

        var problem = await s.ReadAsync<Problem>(response, expected);
        Assert.True(problem.Errors?.ContainsKey(field), $"{problem.Title} {string.Join(",", problem.Errors?.Keys.ToArray() ?? [])}");
        Assert.Equal(before, await s.StateAsync());
    }

    [Fact]
    public async Task Cancel_without_a_body_cancels_every_open_unit()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 3)]);

        var view = await s.ReadAsync<OrderView>(await s.Api.PostAsync("/api/orders/SO-1/lines/1/cancel", null, s.Ct));

        Assert.Equal((3, OrderStatus.Cancelled), (view.Lines[0].CancelledQty, view.Status));
        Assert.Equal((0, 0, 0), await s.SkuAsync("TENT"));
    }

    [Fact]
    public async Task Changing_to_the_same_priority_changes_nothing()
    {
        await using var s = await OrdersScenario.StartAsync(Provider);
        await s.AddSkuAsync("TENT");
        await s.PlaceAsync("SO-1", [("TENT", 3)], "KeyAccount");
        var before = await s.StateAsync();

        var view = await s.ReadAsync<OrderView>(await s.Api.PostAsJsonAsync("/api/orders/SO-1/priority", new { priority = "keyaccount" }, s.Ct));

        Assert.DoesNotContain(view.Timeline, t => t.Kind == TimelineKind.PriorityChanged);
        Assert.Equal(before, await s.StateAsync());
    }
}

/// <summary>Every test of <see cref="OrderChangeRequestTests"/> on PostgreSQL.</summary>
public sealed class OrderChangeRequestTestsOnPostgres : OrderChangeRequestTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
