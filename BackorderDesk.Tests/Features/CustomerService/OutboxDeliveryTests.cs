using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Tests.TestSupport;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace BackorderDesk.Tests.Features.CustomerService;

/// <summary>
/// Outbox delivery against a real SMTP listener on loopback and into a pickup folder. The
/// background loop is switched off; the tests drive <see cref="OutboxDelivery.DeliverDueAsync"/>
/// and the fake clock themselves. Backoff after the n-th failed attempt: 5 s · 2^(n−1).
/// </summary>
public sealed class OutboxDeliveryTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_server_that_refuses_at_first_is_retried_with_backoff_and_every_message_arrives_once()
    {
        await using var smtp = new LoopbackSmtpServer(failFirst: 4);
        var time = new FakeTimeProvider(Monday);
        await using var api = new DeskTestHost { Time = time };
        await using var app = api.WithWebHostBuilder(b => b
            .UseSetting("BackorderDesk:Mail:Enabled", "false")
            .UseSetting("BackorderDesk:Mail:Smtp:Host", "127.0.0.1")
            .UseSetting("BackorderDesk:Mail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("BackorderDesk:Mail:Smtp:Security", "None"));
        var ids = await AddMessagesAsync(app, time, 3);
        var delivery = app.Services.GetRequiredService<OutboxDelivery>();

        // 1st round: the server refuses all three (failures 1–3 of 4).
        Assert.Equal(3, await delivery.DeliverDueAsync(Ct));
        Assert.Empty(smtp.Received);
        Assert.Equal(0, await delivery.DeliverDueAsync(Ct)); // backing off: nothing due yet

        // After 5 s: the first is refused once more (the 4th), the other two go through.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(3, await delivery.DeliverDueAsync(Ct));
        Assert.Equal(2, smtp.Received.Count);

        // Its second failure backs off 10 s.
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(0, await delivery.DeliverDueAsync(Ct));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await delivery.DeliverDueAsync(Ct));

        Assert.Equal(4, smtp.Refused);
        Assert.Equal(ids.Select(id => $"outbox-{id}@backorderdesk").Order(), smtp.Received.Select(m => m.MessageId).Order());
        var first = smtp.Received.Single(m => m.MessageId == $"outbox-{ids[0]}@backorderdesk");
        Assert.Equal("Your order SO-1 is delayed", first.Subject);
        Assert.Equal("jane@example.com", first.To.Mailboxes.Single().Address);
        Assert.Contains("- 3 × Tent: expected to ship Dec 11 (before: Dec 4)", first.TextBody, StringComparison.Ordinal);

        await using var db = app.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();
        var stored = await db.Outbox.AsNoTracking().OrderBy(m => m.Id).ToListAsync(Ct);
        Assert.All(stored, m => Assert.Equal(DeliveryState.Sent, m.State));
        Assert.Equal([3, 2, 2], stored.Select(m => m.Attempts));
        Assert.Equal(Monday.UtcDateTime.AddSeconds(15), stored[0].SentAt);
    }

    [Fact]
    public async Task A_message_that_never_gets_through_is_kept_as_failed_with_its_error()
    {
        await using var smtp = new LoopbackSmtpServer(failFirst: 100);
        var time = new FakeTimeProvider(Monday);
        await using var api = new DeskTestHost { Time = time };
        await using var app = api.WithWebHostBuilder(b => b
            .UseSetting("BackorderDesk:Mail:Enabled", "false")
            .UseSetting("BackorderDesk:Mail:MaxAttempts", "2")
            .UseSetting("BackorderDesk:Mail:Smtp:Host", "127.0.0.1")
            .UseSetting("BackorderDesk:Mail:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("BackorderDesk:Mail:Smtp:Security", "None"));
        await AddMessagesAsync(app, time, 1);
        var delivery = app.Services.GetRequiredService<OutboxDelivery>();

        Assert.Equal(1, await delivery.DeliverDueAsync(Ct));
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(1, await delivery.DeliverDueAsync(Ct));
        time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, await delivery.DeliverDueAsync(Ct));

        await using var db = app.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();
        var message = await db.Outbox.AsNoTracking().SingleAsync(Ct);
        Assert.Equal(DeliveryState.Failed, message.State);
        Assert.Equal(2, message.Attempts);
        Assert.Contains("try again later", message.LastError, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Without_an_smtp_server_each_message_becomes_one_eml_file_in_the_pickup_folder()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"bod-pickup-{Guid.NewGuid():N}");
        try
        {
            var time = new FakeTimeProvider(Monday);
            await using var api = new DeskTestHost { Time = time };
            await using var app = api.WithWebHostBuilder(b => b
                .UseSetting("BackorderDesk:Mail:Enabled", "false")
                .UseSetting("BackorderDesk:Mail:PickupFolder", folder));
            var ids = await AddMessagesAsync(app, time, 2);

            Assert.Equal(2, await app.Services.GetRequiredService<OutboxDelivery>().DeliverDueAsync(Ct));

            var files = Directory.GetFiles(folder).Select(Path.GetFileName).Order().ToList();
            Assert.Equal([$"{ids[0]:D10}-DelayNotice.eml", $"{ids[1]:D10}-DelayNotice.eml"], files);
            var message = await MimeMessage.LoadAsync(Path.Combine(folder, files[0]!), Ct);
            Assert.Equal("Your order SO-1 is delayed", message.Subject);
            var from = message.From.Mailboxes.Single();
            Assert.Equal(("BackorderDesk", "noreply@backorderdesk.local"), (from.Name, from.Address));
            Assert.Contains("Dec 11 (before: Dec 4)", message.TextBody, StringComparison.Ordinal);

            await using var db = app.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();
            Assert.All(await db.Outbox.AsNoTracking().ToListAsync(Ct), m => Assert.Equal(DeliveryState.Sent, m.State));
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    private static async Task<List<long>> AddMessagesAsync(WebApplicationFactory<Program> app, TimeProvider time, int count)
    {
        await using var db = app.Services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>().CreateDbContext();
        var messages = Enumerable.Range(1, count)
            .Select(i => new OutboxMessage(
                (long?)null,
                NotificationKind.DelayNotice,
                i == 1 ? "jane@example.com" : $"customer{i}@example.com",
                $"Your order SO-{i} is delayed",
                "Hello Jane,\n\n- 3 × Tent: expected to ship Dec 11 (before: Dec 4)\n",
                time.GetUtcNow().UtcDateTime))
            .ToList();
        db.Outbox.AddRange(messages);
        await db.SaveChangesAsync(Ct);
        return messages.Select(m => m.Id).ToList();
    }
}
