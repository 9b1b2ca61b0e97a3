using System.Net;
using System.Net.Http.Json;
using BackorderDesk.Domain;
using BackorderDesk.Tests.Features.Orders;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.CustomerService;

public sealed class RestockNoticeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_receipt_that_makes_a_stop_selling_sku_available_tells_each_subscriber_once()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("S", SellingPolicy.StopSelling);
        await s.AddSkuAsync("B");

        Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(s, "S", "jane@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SubscribeAsync(s, "S", "sam@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SubscribeAsync(s, "S", "Jane@Example.com")).StatusCode); // already waiting
        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await SubscribeAsync(s, "B", "jane@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await SubscribeAsync(s, "NOPE", "jane@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await SubscribeAsync(s, "S", "not-an-address")).StatusCode);

        await s.ReceiveAsync("S", 4);
        await s.ReceiveAsync("S", 2);

        await using var db = s.Factory.CreateDbContext();
        var notices = await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync(Ct);
        Assert.Equal(["jane@example.com", "sam@example.com"], notices.Select(m => m.To));
        Assert.All(notices, m => Assert.Equal(NotificationKind.RestockNotice, m.Kind));
        Assert.Equal("S name is back in stock", notices[0].Subject);
        Assert.All(await db.RestockSubscriptions.AsNoTracking().ToListAsync(Ct), r => Assert.Equal(OrdersScenario.Monday.UtcDateTime, r.NotifiedAt));
    }

    private static Task<HttpResponseMessage> SubscribeAsync(OrdersScenario s, string sku, string email) =>
        s.Api.PostAsJsonAsync($"/api/skus/{sku}/restock-subscriptions", new { email }, Ct);
}
