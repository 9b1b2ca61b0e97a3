using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Data;

/// <summary>
/// Adds to the command's unit of work the messages its changes owe customers (CustomerNotices) and
/// the restock notices of StopSelling SKUs that became available, so that a change and its
/// messages commit together or not at all.
/// </summary>
internal static class OutboxNotices
{
    public static async Task AddAsync(WriteScope scope, CancellationToken ct)
    {
        var db = scope.Db;
        var changes = scope.Changes;
        foreach (var order in CustomerNotices.OrdersToLoadWhole(changes))
        {
            // A SKU book holds only its own SKU's lines; the message speaks about the whole order.
            var lines = db.Entry(order).Collection(o => o.Lines);
            if (!lines.IsLoaded)
            {
                await lines.Query().Include(l => l.Sku).LoadAsync(ct);
                lines.IsLoaded = true;
            }
        }

        db.Outbox.AddRange(CustomerNotices.Collect(changes, scope.Now));
        db.Outbox.AddRange(await RestockNoticesAsync(db, changes, scope.Now, ct));
    }

    /// <summary>
    /// The restock notices owed to subscribers of StopSelling SKUs that became available; their
    /// subscriptions (tracked) are marked as told, for the caller's save.
    /// </summary>
    public static async Task<IReadOnlyList<OutboxMessage>> RestockNoticesAsync(WarehouseDbContext db, ChangeSet changes, DateTime now, CancellationToken ct)
    {
        var messages = new List<OutboxMessage>();
        foreach (var sku in changes.TouchedSkus.Where(s => s.Policy == SellingPolicy.StopSelling && s.Available > 0))
        {
            var subscribers = await db.RestockSubscriptions
                .Where(r => r.SkuId == sku.Id && r.NotifiedAt == null)
                .OrderBy(r => r.Id)
                .ToListAsync(ct);
            foreach (var subscription in subscribers)
            {
                var (subject, body) = NoticeTemplates.RestockNotice(sku);
                messages.Add(new OutboxMessage((long?)null, NotificationKind.RestockNotice, subscription.Email, subject, body, now));
                subscription.MarkNotified(now);
            }
        }

        return messages;
    }
}
