using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;

namespace BackorderDesk.Features.CustomerService;

/// <summary>
/// Delivers due outbox messages: over SMTP (MailKit) when <c>BackorderDesk:Mail:Smtp:Host</c> is
/// set, else as .eml files into the pickup folder. Sending happens outside any transaction; the
/// outcome is then recorded through the writer (sent, or failed with the next attempt backed off).
/// A message whose outcome could not be recorded is sent again: delivery is at least once, and the
/// Message-Id is stable (<c>outbox-{id}@…</c>) so that a receiver can recognise a repeat.
/// </summary>
public sealed class OutboxDelivery(
    IDbContextFactory<WarehouseDbContext> factory,
    WarehouseWriter writer,
    TimeProvider time,
    IOptionsMonitor<BackorderDeskOptions> options,
    IHostEnvironment environment,
    ILogger<OutboxDelivery> logger)
{
    /// <summary>Tries every message due now, once. Returns how many were attempted.</summary>
    public async Task<int> DeliverDueAsync(CancellationToken cancellationToken)
    {
        var mail = options.CurrentValue.Mail;
        var now = time.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var due = await db.Outbox.AsNoTracking()
            .Where(m => m.State == DeliveryState.Pending && m.NextAttemptAt <= now)
            .OrderBy(m => m.NextAttemptAt).ThenBy(m => m.Id)
            .Take(Math.Max(1, mail.BatchSize))
            .Select(m => new DueMessage(m.Id, m.Kind, m.To, m.Subject, m.Body, m.CreatedAt))
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }

        var outcomes = new Dictionary<long, string?>();
        foreach (var message in due)
        {
            try
            {
                var mime = Compose(message, mail.From);
                if (string.IsNullOrWhiteSpace(mail.Smtp.Host))
                {
                    await WriteToPickupAsync(mime, message, cancellationToken);
                }
                else
                {
                    await SendOverSmtpAsync(mime, mail.Smtp, cancellationToken);
                }

                outcomes[message.Id] = null;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning("Outbox message {Id} to {To} was not delivered: {Error}", message.Id, message.To, ex.Message);
                outcomes[message.Id] = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            }
        }

        await writer.WriteAsync(
            async (scope, ct) =>
            {
                var ids = outcomes.Keys.ToList();
                foreach (var message in await scope.Db.Outbox.Where(m => ids.Contains(m.Id)).ToListAsync(ct))
                {
                    if (outcomes[message.Id] is { } error)
                    {
                        message.MarkFailed(scope.Now, error, mail.MaxAttempts);
                    }
                    else
                    {
                        message.MarkSent(scope.Now);
                    }
                }

                return true;
            },
            cancellationToken);
        return due.Count;
    }

    /// <summary>Where pickup files go: the configured folder, relative to the content root.</summary>
    public string PickupFolder => Path.GetFullPath(Path.Combine(environment.ContentRootPath, options.CurrentValue.Mail.PickupFolder));

    private static MimeMessage Compose(DueMessage message, string from)
    {
        var mime = new MimeMessage
        {
            Subject = message.Subject,
            Date = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero),
            MessageId = $"outbox-{message.Id}@backorderdesk",
            Body = new TextPart("plain") { Text = message.Body },
        };
        mime.From.Add(MailboxAddress.Parse(from));
        mime.To.Add(MailboxAddress.Parse(message.To));
        mime.Headers.Add("X-BackorderDesk-Kind", message.Kind.ToString());
        return mime;
    }

    private async Task WriteToPickupAsync(MimeMessage mime, DueMessage message, CancellationToken ct)
    {
        var folder = PickupFolder;
        Directory.CreateDirectory(folder);

        // One file per message id, written aside and moved in: a retry replaces, never duplicates,
        // and a reader of the folder never sees half a message.
        var path = Path.Combine(folder, $"{message.Id:D10}-{message.Kind}.eml");
        var temporary = path + ".tmp";
        await mime.WriteToAsync(temporary, ct);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task SendOverSmtpAsync(MimeMessage mime, SmtpOptions smtp, CancellationToken ct)
    {
        using var client = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(smtp.Security, ignoreCase: true, out var parsed) ? parsed : SecureSocketOptions.Auto;
        await client.ConnectAsync(smtp.Host!, smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(smtp.UserName))
        {
            await client.AuthenticateAsync(smtp.UserName, smtp.Password ?? "", ct);
        }

        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(quit: true, ct);
    }

    private sealed record DueMessage(long Id, NotificationKind Kind, string To, string Subject, string Body, DateTime CreatedAt);
}

/// <summary>
/// Runs <see cref="OutboxDelivery"/> in the background: whatever is due, then a short pause. With
/// several instances on one database only the holder of the delivery lease sends (renewed at every
/// look); when it stops, another takes over once the lease has run out.
/// </summary>
public sealed class OutboxDeliveryService(OutboxDelivery delivery, BackgroundLeases leases, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options, ILogger<OutboxDeliveryService> logger)
    : BackgroundService
{
    /// <summary>The delivery lease outlasts several looks, so a slow SMTP batch does not lose it.</summary>
    public static TimeSpan LeaseDuration(MailOptions mail) => TimeSpan.FromSeconds(Math.Max(60, 6 * Math.Max(1, mail.PollSeconds)));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var mail = options.CurrentValue.Mail;
            if (mail.Enabled)
            {
                try
                {
                    while (await leases.TryTakeAsync(BackgroundLeases.OutboxDelivery, LeaseDuration(mail), stoppingToken)
                        && await delivery.DeliverDueAsync(stoppingToken) >= mail.BatchSize)
                    {
                        // A full batch: more may be due at once.
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Outbox delivery failed; trying again later.");
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(Math.Max(1, mail.PollSeconds)), time, stoppingToken);
        }
    }
}
