using BackorderDesk.Features.Accounts;
using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.CustomerService;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.Planning;
using BackorderDesk.Features.PurchaseOrders;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TestContext = Xunit.TestContext;

namespace BackorderDesk.Tests.Features.Orders;

/// <summary>
/// A value the desk's forms never offer (an enum number, a quantity outside 1..open, an SKU that is
/// not an offered alternative, another supplier's SKU, a date years away) is refused by the use case
/// with a message that says what to fix, and nothing in the database changes. ACME: A (waiting, 3 on
/// SO-1, supplier SUP, PO-77), B (ACME, 5 on hand, supplier OTHER), Z (another client, 5 on hand),
/// R (Backorderable).
/// </summary>
public sealed class OfferedValuesTests : IAsyncLifetime
{
    private static readonly DeskActor Desk = new("agent", "Demo agent");

    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private SqliteTestDatabase _database = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await SqliteTestDatabase.CreateAsync();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddOptions<BackorderDeskOptions>();
        services.AddSingleton<TimeProvider>(new FakeTimeProvider(Start));
        services.AddSingleton<IDbContextFactory<WarehouseDbContext>>(_database);
        services.AddSingleton<BackorderDesk.Live.ChangeFeed>();
        services.AddSingleton<WarehouseWriter>();
        services.AddOrders().AddCustomerService().AddPlanning().AddPurchaseOrders();
        _services = services.BuildServiceProvider();
        await SeedAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Theory]
    [InlineData("99")]
    [InlineData("1")]
    [InlineData("Urgent")]
    public async Task A_priority_that_is_not_a_class_name_is_refused(string priority)
    {
        var error = await RefusedAsync<ValidationException>(() => Use<ChangePriority>().HandleAsync("SO-1", new ChangePriorityRequest(priority), Desk, Ct));

        Assert.Equal($"priority must be one of Expedite, KeyAccount, Standard; '{priority}' is not.", Assert.Single(error.Errors["priority"]));
    }

    [Fact]
    public void A_number_cast_to_a_priority_is_refused_by_the_order_itself()
    {
        var order = new SalesOrder("SO-X", new Client("X", "X"), new Customer("C-X", "X", null, CustomerType.Dtc), "web", Start.UtcDateTime, ShipPolicy.ShipPartial, OrderPriority.Standard);

        var error = Assert.Throws<DomainException>(() => order.ChangePriority((OrderPriority)99, Start.UtcDateTime, "desk"));

        Assert.Equal("priority must be one of Expedite, KeyAccount, Standard; 99 is not a priority class.", error.Message);
        Assert.Equal(OrderPriority.Standard, order.Priority);
        Assert.Empty(order.Timeline);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public async Task A_cancel_quantity_outside_one_to_the_open_quantity_is_refused(int qty)
    {
        var error = await RefusedAsync<Exception>(() => Use<CancelLine>().HandleAsync("SO-1", 1, new CancelLineRequest(qty), Desk, Ct));

        Assert.Contains(qty is >= 1 and <= InputCheck.MaxQty ? "has 3 open" : "qty must be a whole number from 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Z", "Z belongs to another client; an alternative must be of the same client.")]
    [InlineData("A", "Pick a different SKU as the alternative.")]
    [InlineData("NOPE", "SKU NOPE does not exist.")]
    [InlineData("", "sku is required (1–64 printable characters).")]
    public async Task A_swap_target_that_is_not_an_offered_alternative_is_refused(string sku, string message)
    {
        Assert.DoesNotContain(await Use<SwapLine>().CandidatesAsync("SO-1", 1, null, Ct), c => c.Sku == sku);

        var error = await RefusedAsync<Exception>(() => Use<SwapLine>().HandleAsync("SO-1", 1, sku, Desk, Ct));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hold_without_a_reason_is_refused()
    {
        var error = await RefusedAsync<ValidationException>(() => Use<HoldLine>().HoldAsync("SO-1", 1, new HoldLineRequest("   "), Desk, Ct));

        Assert.Equal("reason is required (1–200 characters).", Assert.Single(error.Errors["reason"]));
    }

    [Theory]
    [InlineData("R", "R is Backorderable: restock notices are for SKUs that are not sold on backorder (StopSelling).")]
    [InlineData("", "sku is required (1–64 printable characters).")]
    public async Task A_restock_notice_for_a_sku_not_offered_is_refused(string sku, string message)
    {
        var error = await RefusedAsync<Exception>(() => Use<RestockSubscriptions>().SubscribeAsync(sku, new RestockSubscriptionRequest("ada@example.com"), Ct));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_suggested_purchase_order_with_another_suppliers_sku_an_unknown_supplier_or_a_bad_quantity_is_refused()
    {
        var suggest = Use<SuggestPurchaseOrders>();

        var foreign = await RefusedAsync<ValidationException>(() => suggest.CreateAsync("SUP", [new SuggestedOrderLine("A", 5), new SuggestedOrderLine("B", 5)], Desk, Ct));
        Assert.Equal("SKU B is not supplied by SUP; order it on its own supplier's purchase order.", Assert.Single(foreign.Errors["lines[1].sku"]));

        var unknown = await RefusedAsync<DomainException>(() => suggest.CreateAsync("NOBODY", [new SuggestedOrderLine("A", 5)], Desk, Ct));
        Assert.Equal("Supplier NOBODY does not exist; pick a supplier from the suggested purchase orders.", unknown.Message);

        var zero = await RefusedAsync<ValidationException>(() => suggest.CreateAsync("SUP", [new SuggestedOrderLine("A", 0)], Desk, Ct));
        Assert.Equal("lines[0].qty must be a whole number from 1 to 1,000,000; 0 is out of range.", Assert.Single(zero.Errors["lines[0].qty"]));
    }

    [Theory]
    [InlineData(-400)]
    [InlineData(365 * 6)]
    public async Task An_expected_date_outside_a_year_back_to_five_years_ahead_is_refused(int days)
    {
        var date = DateOnly.FromDateTime(Start.UtcDateTime).AddDays(days);

        var error = await RefusedAsync<ValidationException>(() => Use<MoveExpectedDate>().HandleAsync("PO-77", "A", new ExpectedDateRequest(date, null), Desk, Ct));

        Assert.Equal($"expectedDate must be a date from 2025-03-02 to 2031-03-02; {date:yyyy-MM-dd} is out of range.", Assert.Single(error.Errors["expectedDate"]));
    }

    private T Use<T>()
        where T : notnull => _services.GetRequiredService<T>();

    /// <summary>Runs the action, expects <typeparamref name="TException"/>, and checks that nothing in the database changed.</summary>
    private async Task<TException> RefusedAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        var before = await FingerprintAsync();
        var error = await Assert.ThrowsAnyAsync<TException>(action);
        Assert.True(error is ValidationException or DomainException or NotFoundException, $"{error.GetType().Name}: {error.Message}");
        Assert.Equal(before, await FingerprintAsync());
        return error;
    }

    private async Task<string> FingerprintAsync()
    {
        await using var db = _database.CreateDbContext();
        var lines = await db.OrderLines.OrderBy(l => l.Id)
            .Select(l => $"{l.Order.Number}/{l.LineNumber}:{l.Sku.Code}:{l.OrderedQty}:{l.AllocatedQty}:{l.CancelledQty}:{l.OnHold}:{l.Order.Priority}")
            .ToListAsync(Ct);
        var poLines = await db.PurchaseOrderLines.OrderBy(l => l.Id).Select(l => $"{l.PurchaseOrder.Number}:{l.Sku.Code}:{l.ExpectedDate}").ToListAsync(Ct);
        var counts = new[]
        {
            await db.Timeline.CountAsync(Ct), await db.PurchaseOrders.CountAsync(Ct), await db.RestockSubscriptions.CountAsync(Ct),
            await db.Allocations.CountAsync(Ct), await db.Ledger.CountAsync(Ct), await db.Outbox.CountAsync(Ct),
        };
        return string.Join("|", lines) + "#" + string.Join("|", poLines) + "#" + string.Join(",", counts);
    }

    private async Task SeedAsync()
    {
        await using (var db = _database.CreateDbContext())
        {
            var client = new Client("ACME", "Acme Outdoor");
            var other = new Client("OTHERCO", "Other Co");
            var supplier = new Supplier("SUP", "Northwind Supply", 10);
            var otherSupplier = new Supplier("OTHER", "Other Supply", 10);
            db.AddRange(client, other, supplier, otherSupplier);
            var a = new Sku("A", "A name", client, SellingPolicy.Backorderable);
            a.SetSupply(supplier, null, 1, 1, 5m);
            var b = new Sku("B", "B name", client, SellingPolicy.Backorderable);
            b.SetSupply(otherSupplier, null, 1, 1, 5m);
            db.Skus.AddRange(a, b, new Sku("Z", "Z name", other, SellingPolicy.Backorderable), new Sku("R", "R name", client, SellingPolicy.Backorderable));
            await db.SaveChangesAsync(Ct);
            var po = new PurchaseOrder("PO-77", supplier, Start.UtcDateTime);
            po.AddLine(a, 20, new DateOnly(2026, 3, 12));
            db.PurchaseOrders.Add(po);
            await db.SaveChangesAsync(Ct);
        }

        await Use<WarehouseWriter>().WriteAsync(
            async (scope, ct) =>
            {
                foreach (var code in new[] { "B", "Z" })
                {
                    var sku = scope.Db.Skus.Single(s => s.Code == code);
                    WarehouseOperations.Receive(await scope.LoadBookAsync(sku, ct), 5, $"scan-{code}", null, scope.Operation);
                }

                return true;
            },
            Ct);
        await Use<PlaceOrder>().HandleAsync(
            new PlaceOrderRequest("SO-1", new CustomerInput("C-1", "Ada", "ada@example.com", "Dtc"), "ACME", "web", null, "ShipPartial", null, [new OrderLineInput("A", 3)]),
            Ct);
    }
}
