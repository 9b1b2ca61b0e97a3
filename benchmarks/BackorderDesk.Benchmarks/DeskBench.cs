using System.Diagnostics;
using BackorderDesk.Data;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Benchmarks;

// The customer-service desk on the large profile: server time of the order search as an agent types
// (realistic prefixes of emails, names and order numbers, one call per keystroke from the 2nd
// character; and substrings: fragments from the middle of names, emails and order numbers, names
// typed without their accents), through the desk's search (DeskSearch) and the API's (SearchOrders),
// the desk's order view (DeskOrderDetails) and the call lists. "hits" counts the queries that found
// at least one order.
// Usage: dotnet run -c Release --project benchmarks/BackorderDesk.Benchmarks -- --mode desk [--db PATH] [--orders 100]
internal static class DeskBench
{
    public static async Task RunAsync(IServiceProvider services, int sampleOrders)
    {
        var factory = services.GetRequiredService<IDbContextFactory<WarehouseDbContext>>();
        var api = services.GetRequiredService<SearchOrders>();
        var desk = services.GetRequiredService<DeskSearch>();
        var details = services.GetRequiredService<DeskOrderDetails>();
        var risks = services.GetRequiredService<RiskLists>();

        List<(string Number, string Code, string Name, string? Email)> sample;
        await using (var db = await factory.CreateDbContextAsync())
        {
            var count = await db.Orders.CountAsync();
            var random = new Random(7);
            var ids = Enumerable.Range(0, sampleOrders).Select(_ => (long)random.Next(1, count)).Distinct().ToList();
            sample = (await db.Orders.AsNoTracking().Where(o => ids.Contains(o.Id))
                    .Select(o => new { o.Number, o.Customer.Code, o.Customer.Name, o.Customer.Email })
                    .ToListAsync())
                .Select(o => (o.Number, o.Code, o.Name, o.Email))
                .ToList();
            Console.WriteLine($"Desk: {count} orders; sampled {sample.Count}");
        }

        // Warm up the query caches and the page cache.
        foreach (var s in sample.Take(5))
        {
            await api.HandleAsync(s.Number, CancellationToken.None);
            await desk.HandleAsync(s.Number, CancellationToken.None);
            await details.HandleAsync(s.Number, CancellationToken.None);
        }

        var typed = new Dictionary<string, List<string>>
        {
            // What an agent types: the first characters of the email, of the surname or first name, the order number.
            ["email (keystrokes 2..10)"] = sample.Where(s => s.Email is not null).Take(40).SelectMany(s => Keystrokes(s.Email!, 10)).ToList(),
            ["name (keystrokes 2..8)"] = sample.Take(40).SelectMany(s => Keystrokes(s.Name, 8)).ToList(),
            ["order number (full)"] = sample.Select(s => s.Number).ToList(),
            ["customer code (full)"] = sample.Take(60).Select(s => s.Code).ToList(),
            ["full email"] = sample.Where(s => s.Email is not null).Take(60).Select(s => s.Email!).ToList(),

            // Substrings: what an agent has when the customer spells part of it.
            ["name, middle fragment (keystrokes 3..6)"] = sample.Take(40).SelectMany(s => Keystrokes(Middle(s.Name), 6).Where(q => q.Length >= 3)).ToList(),
            ["surname without accents"] = sample.Take(60).Select(s => Unaccented(s.Name[(s.Name.IndexOf(' ', StringComparison.Ordinal) + 1)..])).ToList(),
            ["email, middle fragment"] = sample.Where(s => s.Email is not null).Take(60).Select(s => Middle(s.Email!)[..Math.Min(8, Middle(s.Email!).Length)]).ToList(),
            ["order number, last 5 characters"] = sample.Take(60).Select(s => s.Number[Math.Max(0, s.Number.Length - 5)..]).ToList(),
            ["order number, middle 4 characters"] = sample.Take(60).Select(s => s.Number.Substring(Math.Max(0, (s.Number.Length / 2) - 2), Math.Min(4, s.Number.Length))).ToList(),
        };

        // The desk's search over every query; the API's over every 4th (it was a scan of every order before the index).
        await MeasureAsync("(d) desk lookup (DeskSearch, first page)", typed, q => desk.HandleAsync(q, CancellationToken.None), 1);
        await MeasureAsync("(d') API search (SearchOrders, first page of 50)", typed, q => api.HandleAsync(q, CancellationToken.None), 4);

        var views = new List<double>();
        foreach (var s in sample)
        {
            var clock = Stopwatch.StartNew();
            await details.HandleAsync(s.Number, CancellationToken.None);
            views.Add(clock.Elapsed.TotalMilliseconds);
        }

        Console.WriteLine($"(e) desk order view (DeskOrderDetails) for {views.Count} orders: p50 {Stats.Percentile(views, 50):F1} ms, p95 {Stats.Percentile(views, 95):F1} ms, max {views.Max():F1} ms");

        var lists = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            var overview = await risks.HandleAsync(CancellationToken.None);
            lists.Add(clock.Elapsed.TotalMilliseconds);
            if (i == 0)
            {
                Console.WriteLine($"    call lists: {overview.Rolling.Total} rolling, {overview.AuthorizationExpires.Total} authorization before ETA, {overview.LongWaits.Total} waiting > {overview.ToleranceDays} days");
            }
        }

        Console.WriteLine($"(f) call lists (RiskLists): median {Stats.Median(lists):F0} ms over {lists.Count} runs");
    }

    private static async Task MeasureAsync<T>(string title, Dictionary<string, List<string>> typed, Func<string, Task<T>> search, int every)
    {
        var all = new List<double>();
        foreach (var (kind, queries) in typed)
        {
            var times = new List<double>();
            var hits = 0;
            foreach (var query in queries.Where((_, i) => i % every == 0))
            {
                var clock = Stopwatch.StartNew();
                var found = await search(query);
                times.Add(clock.Elapsed.TotalMilliseconds);
                hits += Found(found!) > 0 ? 1 : 0;
            }

            all.AddRange(times);
            Console.WriteLine($"  {kind}: {times.Count} queries, {hits} hits, p50 {Stats.Percentile(times, 50):F1} ms, p95 {Stats.Percentile(times, 95):F1} ms, max {times.Max():F1} ms");
        }

        Console.WriteLine($"{title}, {all.Count} queries: p50 {Stats.Percentile(all, 50):F1} ms, p95 {Stats.Percentile(all, 95):F1} ms");
    }

    // How many orders an answer holds: a list, or a page with its orders (the bench runs against both shapes).
    private static int Found(object answer) => answer switch
    {
        System.Collections.ICollection list => list.Count,
        _ => answer.GetType().GetProperty("Orders")?.GetValue(answer) is System.Collections.ICollection orders ? orders.Count : 0,
    };

    // From the second character of the last word on: "Lea Brown" → "rown", "lea.brown.12@mail.example" → "ea.brown.12@mail.example".
    private static string Middle(string text)
    {
        var start = text.LastIndexOf(' ') + 1;
        return text.Length - start > 3 ? text[(start + 1)..] : text[Math.Min(1, text.Length - 1)..];
    }

    private static string Unaccented(string text) =>
        new(text.Normalize(System.Text.NormalizationForm.FormD).Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark).ToArray());

    private static IEnumerable<string> Keystrokes(string text, int upTo) =>
        Enumerable.Range(2, Math.Max(0, Math.Min(upTo, text.Length) - 1)).Select(n => text[..n]);
}
