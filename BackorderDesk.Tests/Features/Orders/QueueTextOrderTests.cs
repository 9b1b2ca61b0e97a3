using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>
/// Text order (API.md): the queue's tie-break on the order number is one ordinal order, the same in
/// the database's ORDER BY, in the engine's memory and on screen, for any Unicode text.
/// </summary>
public sealed class QueueTextOrderTests
{
    // In code point order, which is SQLite's BINARY (UTF-8 bytes) and PostgreSQL's "C": U+E000 comes before
    // U+1F600, though in UTF-16 code units (string.CompareOrdinal) the surrogate 0xD83D comes before 0xE000.
    private static readonly string[] CodePointOrder =
    [
        "Q-A",            // capital before small
        "Q-a",
        "Q-e",
        "Q-e\u0301",      // e + combining acute: after plain e, before the precomposed é
        "Q-\u00e9",       // é
        "Q-\ue000",       // private use, the top of the BMP
        "Q-\U0001F600",   // 😀, above U+FFFF
        "Q-\U0010FFFD",
    ];

    [Fact]
    public async Task Numbers_that_differ_in_case_accents_and_supplementary_versus_private_use_characters_queue_alike_in_sql_and_in_memory()
    {
        await using var s = await OrdersScenario.StartAsync();
        await s.AddSkuAsync("TENT");
        foreach (var number in CodePointOrder.Reverse())
        {
            // The same moment and priority for all: only the number decides.
            await s.PlaceAsync(number, [("TENT", 1)], placedAt: OrdersScenario.Monday.AddHours(-1));
        }

        var fromSql = (await s.ReadAsync<List<QueueRow>>(await s.Api.GetAsync("/api/skus/TENT/queue", s.Ct))).Select(r => r.OrderNumber).ToArray();

        await using var db = s.Factory.CreateDbContext();
        var lines = await db.OrderLines.Include(l => l.Order).ToListAsync(s.Ct);
        var inMemory = lines.Order(AllocationEngine.QueueOrder.Instance).Select(l => l.Order.Number).ToArray();
        var sqlOrderBy = await db.Orders.OrderBy(o => o.Number).Select(o => o.Number).ToArrayAsync(s.Ct);

        Assert.Equal(CodePointOrder, fromSql);
        Assert.Equal(CodePointOrder, inMemory);
        Assert.Equal(CodePointOrder, sqlOrderBy);
        Assert.Equal(CodePointOrder, CodePointOrder.Reverse().Order(TextOrder.Instance));

        // The engine fills the queue in that order: three units go to the first three numbers.
        await s.ReceiveAsync("TENT", 3);
        var filled = (await s.ReadAsync<List<QueueRow>>(await s.Api.GetAsync("/api/skus/TENT/queue", s.Ct))).Select(r => r.OrderNumber).ToArray();
        Assert.Equal(CodePointOrder[3..], filled);
    }

    [Fact]
    public void Text_order_is_code_point_order_where_utf16_ordinal_differs()
    {
        Assert.True(string.CompareOrdinal("\U0001F600", "\uE000") < 0);      // what .NET's ordinal says
        Assert.True(TextOrder.Instance.Compare("\U0001F600", "\uE000") > 0);  // what the database says
        Assert.True(TextOrder.Instance.Compare("\uD7FF", "\U00010000") < 0);
        Assert.True(TextOrder.Instance.Compare("ab", "abc") < 0);
        Assert.Equal(0, TextOrder.Instance.Compare("\U0001F600", "\U0001F600"));
        Assert.True(TextOrder.Instance.Compare("\U0001F600", "\U0001F601") < 0);
    }

    private sealed record QueueRow(int Position, string OrderNumber, int LineNumber, int WaitingQty);
}
