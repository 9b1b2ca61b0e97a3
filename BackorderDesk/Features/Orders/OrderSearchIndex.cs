using System.Data;
using System.Data.Common;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using Microsoft.EntityFrameworkCore;

namespace BackorderDesk.Features.Orders;

/// <summary>
/// One page of the orders a search finds, newest first, and how many it finds in all; when more than
/// <see cref="OrderSearchIndex.CountLimit"/> match, <see cref="Total"/> is that limit and
/// <see cref="TotalIsCapped"/> is set.
/// </summary>
public sealed record OrderSearchHits(int Total, IReadOnlyList<long> OrderIds, bool TotalIsCapped = false);

/// <summary>
/// Which orders contain a folded text (<see cref="SearchText.Fold"/>) anywhere in their number,
/// customer code, email or name. On SQLite an FTS5 table with the trigram tokenizer
/// (<c>OrderSearch</c>, created and kept up to date by triggers in the OrderSearchIndex migration)
/// answers text of three characters or more without reading every order; other providers, and the
/// database of a test that has no such table, search the folded key columns with LIKE. One or two
/// characters have no trigram: they match the start of the number, code, email, name or surname,
/// ranges on indexed keys on any provider.
/// </summary>
public sealed class OrderSearchIndex
{
    /// <summary>The shortest text the trigram index can answer.</summary>
    public const int TrigramLength = 3;

    /// <summary>
    /// Matches counted at most. Counting and sorting every match of a text most orders contain
    /// ("example.com") reads the whole index (over a second on a million lines); nobody pages past
    /// this many, and "more than 1,000" tells the agent to type more. A broader text pages through the
    /// most recently entered 1,000 of its matches, newest placed first.
    /// </summary>
    public const int CountLimit = 1_000;

    // Above every code point: [text, text + End) is "starts with text" in code point order (SQLite's BINARY, PostgreSQL's "C").
    private const string End = "\U0010FFFF";

    // The app has one database; whether it has the trigram table is asked once.
    private bool? _hasTrigramTable;

    public async Task<OrderSearchHits> FindAsync(WarehouseDbContext db, string folded, int skip, int take, CancellationToken cancellationToken)
    {
        var orders = db.Orders.AsNoTracking();
        if (folded.Length == 0)
        {
            return await PageAsync(orders, skip, take, cancellationToken);
        }

        if (folded.Length < TrigramLength)
        {
            var end = folded + End;
            var customers = db.Customers
                .Where(c => (c.SearchKey.CompareTo(folded) >= 0 && c.SearchKey.CompareTo(end) < 0)
                    || (c.EmailKey.CompareTo(folded) >= 0 && c.EmailKey.CompareTo(end) < 0)
                    || (c.NameKey.CompareTo(folded) >= 0 && c.NameKey.CompareTo(end) < 0)
                    || (c.SurnameKey.CompareTo(folded) >= 0 && c.SurnameKey.CompareTo(end) < 0))
                .Select(c => c.Id);
            return await PageAsync(
                orders.Where(o => (o.NumberKey.CompareTo(folded) >= 0 && o.NumberKey.CompareTo(end) < 0) || customers.Contains(o.CustomerId)),
                skip,
                take,
                cancellationToken);
        }

        _hasTrigramTable ??= db.Database.IsSqlite() && await HasTrigramTableAsync(db, cancellationToken);
        if (_hasTrigramTable == true)
        {
            return await TrigramAsync(db, folded, skip, take, cancellationToken);
        }

        return await PageAsync(orders.Where(o => o.NumberKey.Contains(folded) || o.Customer.SearchKey.Contains(folded)), skip, take, cancellationToken);
    }

    private static async Task<OrderSearchHits> PageAsync(IQueryable<SalesOrder> orders, int skip, int take, CancellationToken cancellationToken)
    {
        var counted = await orders.Take(CountLimit + 1).CountAsync(cancellationToken);
        var total = Math.Min(counted, CountLimit);
        take = Math.Min(take, total - skip);
        var ids = take <= 0
            ? []
            : await orders.OrderByDescending(o => o.PlacedAt).ThenByDescending(o => o.Id).Skip(skip).Take(take).Select(o => o.Id).ToListAsync(cancellationToken);
        return new OrderSearchHits(total, ids, counted > CountLimit);
    }

    private static async Task<bool> HasTrigramTableAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'OrderSearch'", cancellationToken);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task<OrderSearchHits> TrigramAsync(WarehouseDbContext db, string folded, int skip, int take, CancellationToken cancellationToken)
    {
        // A phrase: every character literal (a double quote doubled), its trigrams consecutive, so a substring.
        var phrase = "\"" + folded.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

        // The index yields matches one by one, so a LIMIT stops it early, and the matches are looked up
        // once (materialized) for both the count and the page: a long text with common parts ("…@mail.example")
        // costs one pass over the index, "example.com" no more than a rare name.
        var (ids, counted) = await PageOfMatchesAsync(db, phrase, newestEntered: false, CountLimit + 1, skip, take, cancellationToken);
        if (counted > CountLimit)
        {
            // More match than are counted: page through the most recently entered of them.
            (ids, _) = await PageOfMatchesAsync(db, phrase, newestEntered: true, CountLimit, skip, take, cancellationToken);
        }
        else if (ids.Count == 0 && skip > 0)
        {
            // Past the last page: the page query returned no row to carry the count.
            await using var count = await CommandAsync(db, "SELECT count(*) FROM (SELECT rowid FROM OrderSearch WHERE OrderSearch MATCH $phrase LIMIT $limit)", cancellationToken);
            Add(count, "$phrase", phrase);
            Add(count, "$limit", CountLimit + 1);
            counted = Convert.ToInt32(await count.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
        }

        return new OrderSearchHits(Math.Min(counted, CountLimit), ids, counted > CountLimit);
    }

    /// <summary>One page, newest placed first, of at most <paramref name="limit"/> matches, and how many matches that limit let through.</summary>
    private static async Task<(List<long> Ids, int Counted)> PageOfMatchesAsync(
        WarehouseDbContext db, string phrase, bool newestEntered, int limit, int skip, int take, CancellationToken cancellationToken)
    {
        await using var page = await CommandAsync(
            db,
            $"""
            WITH Matches AS MATERIALIZED (
                SELECT rowid AS Id FROM OrderSearch WHERE OrderSearch MATCH $phrase {(newestEntered ? "ORDER BY rowid DESC" : "")} LIMIT $limit)
            SELECT o.Id, (SELECT count(*) FROM Matches) FROM Orders AS o
            WHERE o.Id IN (SELECT Id FROM Matches)
            ORDER BY o.PlacedAt DESC, o.Id DESC
            LIMIT $take OFFSET $skip
            """,
            cancellationToken);
        Add(page, "$phrase", phrase);
        Add(page, "$limit", limit);
        Add(page, "$take", take);
        Add(page, "$skip", skip);
        var ids = new List<long>(take);
        var counted = 0;
        await using var reader = await page.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetInt64(0));
            counted = reader.GetInt32(1);
        }

        return (ids, counted);
    }

    private static async Task<DbCommand> CommandAsync(WarehouseDbContext db, string sql, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        if (connection.State != ConnectionState.Open)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>
    /// Fills the search keys of rows stored before they existed (once, at start-up; new rows get them
    /// from the domain). The index's triggers follow each key written.
    /// </summary>
    public static async Task BackfillKeysAsync(WarehouseDbContext db, CancellationToken cancellationToken)
    {
        while (true)
        {
            var customers = await db.Customers.Where(c => c.SearchKey == "").OrderBy(c => c.Id).Take(2000).ToListAsync(cancellationToken);
            if (customers.Count == 0)
            {
                break;
            }

            foreach (var customer in customers)
            {
                customer.RefreshSearchKeys();
            }

            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var after = 0L;
        while (true)
        {
            var orders = await db.Orders.Where(o => o.Id > after && o.NumberKey == "").OrderBy(o => o.Id).Take(5000).ToListAsync(cancellationToken);
            if (orders.Count == 0)
            {
                return;
            }

            foreach (var order in orders)
            {
                order.RefreshSearchKey();
            }

            after = orders[^1].Id;
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }
}
