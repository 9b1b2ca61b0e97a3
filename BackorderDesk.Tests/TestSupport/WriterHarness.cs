using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Hosting;
using BackorderDesk.Live;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BackorderDesk.Tests.TestSupport;

/// <summary>The real write path over a real database (SQLite unless asked for PostgreSQL), with a fake clock and a recorded change feed.</summary>
public sealed class WriterHarness : IAsyncDisposable
{
    private readonly ChangeFeed.Mailbox _mailbox;
    private readonly List<WarehouseEvent> _published = [];

    private readonly bool _ownsDatabase;

    private WriterHarness(ITestDatabase database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        Feed = new ChangeFeed(NullLogger<ChangeFeed>.Instance);
        // Read straight from a mailbox: the writer posts to it before it answers, so what a write
        // published is there as soon as the write returns.
        _mailbox = Feed.OpenMailbox();
        Writer = new WarehouseWriter(database, Feed, Time, Options, NullLogger<WarehouseWriter>.Instance);
    }

    public ITestDatabase Database { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public ChangeFeed Feed { get; }

    /// <summary>The app's default settings, as the writer and use cases read them.</summary>
    public IOptionsMonitor<BackorderDeskOptions> Options { get; } = new StaticOptions(new BackorderDeskOptions());

    public WarehouseWriter Writer { get; }

    /// <summary>Every event published so far (clear it to start counting afresh).</summary>
    public List<WarehouseEvent> Published
    {
        get
        {
            while (_mailbox.TryRead(out var events))
            {
                _published.AddRange(events);
            }

            return _published;
        }
    }

    /// <summary>A writer over a new database of its own on <paramref name="provider"/> (one of <see cref="DatabaseProvider"/>'s names).</summary>
    public static async Task<WriterHarness> CreateAsync(string provider = DatabaseProvider.Sqlite) =>
        new(await TestDatabase.CreateAsync(provider), ownsDatabase: true);

    /// <summary>
    /// Another writer over <paramref name="database"/>, as a second app instance has: its own cache of
    /// books and its own change feed. The database stays its creator's to dispose.
    /// </summary>
    public static WriterHarness Over(ITestDatabase database) => new(database, ownsDatabase: false);

    /// <summary>Adds a client, a supplier and SKUs (with barcode "B-" + code) straight to the database.</summary>
    public async Task SeedSkusAsync(params string[] codes)
    {
        await using var db = Database.CreateDbContext();
        var client = new Client("ACME", "Acme Outdoor");
        var supplier = new Supplier("SUP", "Northwind Supply", 14);
        db.AddRange(client, supplier);
        foreach (var code in codes)
        {
            var sku = new Sku(code, $"Item {code}", client, SellingPolicy.Backorderable);
            sku.SetSupply(supplier, null, 1, 1, 5m);
            sku.AddBarcode("B-" + code);
            db.Skus.Add(sku);
        }

        await db.SaveChangesAsync();
    }

    /// <summary>Places an order through the write path, as the orders API does.</summary>
    public Task<string> PlaceOrderAsync(string number, string skuCode, int qty, OrderPriority priority = OrderPriority.Standard) =>
        Writer.WriteAsync(async (scope, ct) =>
        {
            var client = scope.Db.Clients.Single();
            var customer = new Customer("C-" + number, "Customer " + number, number.ToLowerInvariant() + "@example.com", CustomerType.Dtc);
            var order = new SalesOrder(number, client, customer, "test", scope.Now, ShipPolicy.ShipPartial, priority);
            var sku = scope.Db.Skus.Single(s => s.Code == skuCode);

            // The book first, as PlaceOrder does: the scope notes the SKU's state before the line changes it.
            var books = new Dictionary<Sku, SkuBook> { [sku] = await scope.LoadBookAsync(sku, ct) };
            order.AddLine(sku, qty);
            WarehouseOperations.PlaceOrder(order, books, scope.Operation);
            scope.Db.Orders.Add(order);
            return order.Number;
        });

    public async ValueTask DisposeAsync()
    {
        await Writer.DisposeAsync();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
    }

    private sealed class StaticOptions(BackorderDeskOptions value) : IOptionsMonitor<BackorderDeskOptions>
    {
        public BackorderDeskOptions CurrentValue => value;

        public BackorderDeskOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<BackorderDeskOptions, string?> listener) => null;
    }
}
