using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Accounts;
using BackorderDesk.Features.Orders;
using BackorderDesk.Features.Receiving;
using BackorderDesk.Features.Verify;
using BackorderDesk.Hosting;
using BackorderDesk.Tests.TestSupport;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackorderDesk.Tests.Features.Allocations;

/// <summary>
/// Random sequences of orders, scans (with repeated scan ids), cancellations, shipments,
/// adjustments, counts, holds and priority changes through the app's own use cases on real SQLite:
/// after every step <c>verify</c> finds no drift and no broken invariant.
/// </summary>
public class WarehousePropertyTests : IAsyncLifetime
{
    /// <summary>The database these tests run on; <see cref="WarehousePropertyTestsOnPostgres"/> runs them again on PostgreSQL.</summary>
    protected virtual string Provider => DatabaseProvider.Sqlite;

    private readonly DeskTestHost _factory;
    private int _run;

    public enum Step
    {
        Place,
        Scan,
        Cancel,
        Ship,
        Adjust,
        Count,
        Hold,
        Release,
        Expedite,
    }

    public sealed record Op(Step Step, int Sku, int Qty, int Pick, int ScanId, string Priority, string ShipPolicy)
    {
        public override string ToString() => $"{Step}(sku {Sku}, qty {Qty}, pick {Pick}, scan {ScanId}, {Priority}, {ShipPolicy})";
    }

    private static readonly Gen<Op> OpGen =
        from step in Gen.Frequency(
            (5, Gen.Constant(Step.Place)),
            (5, Gen.Constant(Step.Scan)),
            (2, Gen.Constant(Step.Cancel)),
            (2, Gen.Constant(Step.Ship)),
            (1, Gen.Constant(Step.Adjust)),
            (1, Gen.Constant(Step.Count)),
            (1, Gen.Constant(Step.Hold)),
            (1, Gen.Constant(Step.Release)),
            (1, Gen.Constant(Step.Expedite)))
        from sku in Gen.Choose(0, 1)
        from qty in Gen.Choose(-3, 6)
        from pick in Gen.Choose(0, 40)
        from scanId in Gen.Choose(0, 5)
        from priority in Gen.Elements("Standard", "Standard", "KeyAccount", "Expedite")
        from ship in Gen.Elements("ShipPartial", "ShipComplete")
        select new Op(step, sku, qty, pick, scanId, priority, ship);

    public WarehousePropertyTests() => _factory = new DeskTestHost { Provider = Provider };

    public ValueTask InitializeAsync()
    {
        _ = _factory.Server;
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public void After_every_step_of_a_random_sequence_verify_finds_no_drift()
    {
        var property = Prop.ForAll(
            Gen.ListOf(OpGen).Select(ops => ops.Take(20).ToArray()).ToArbitrary(),
            (Op[] ops) =>
            {
                var failure = RunAsync(ops).GetAwaiter().GetResult();
                return failure is null ? true : throw new InvalidOperationException(failure);
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(12).WithStartSize(10).WithEndSize(20), property);
    }

    private async Task<string?> RunAsync(IReadOnlyList<Op> ops)
    {
        var ct = TestContext.Current.CancellationToken;
        var services = _factory.Services;
        var run = Interlocked.Increment(ref _run);
        var skus = new[] { $"P{run}-A", $"P{run}-B" };
        await using (var db = _factory.CreateDbContext())
        {
            // Orders that name no client go to the first client (the default client of a fresh database).
            var client = await db.Clients.OrderBy(c => c.Id).FirstOrDefaultAsync(ct) ?? new Client("PROP", "Property client");
            var supplier = new Supplier($"SUP-{run}", "Property supplier", 7);
            foreach (var code in skus)
            {
                var sku = new Sku(code, code, client, SellingPolicy.Backorderable);
                sku.SetSupply(supplier, null, 1, 1, 1m);
                db.Skus.Add(sku);
            }

            await db.SaveChangesAsync(ct);
        }

        var orders = new List<string>();
        var step = 0;
        foreach (var op in ops)
        {
            step++;
            try
            {
                await ApplyAsync(services, op, run, step, skus, orders, ct);
            }
            catch (Exception ex) when (ex is DomainException or ValidationException or NotFoundException)
            {
                // A refused step must have changed nothing: verify below proves the books still add up.
            }

            await using var scope = services.CreateAsyncScope();
            var report = await scope.ServiceProvider.GetRequiredService<WarehouseVerifier>().VerifyAsync(ct);
            if (!report.IsClean)
            {
                return $"after step {step} {op}: " + string.Join("; ", report.Drifts.Take(5));
            }
        }

        return null;
    }

    private static async Task ApplyAsync(IServiceProvider services, Op op, int run, int step, string[] skus, List<string> orders, CancellationToken ct)
    {
        var sku = skus[op.Sku];
        var qty = Math.Max(1, op.Qty);
        var order = orders.Count == 0 ? null : orders[op.Pick % orders.Count];
        switch (op.Step)
        {
            case Step.Place:
                var number = $"P{run}-SO-{step}";
                await services.GetRequiredService<PlaceOrder>().HandleAsync(
                    new PlaceOrderRequest(number, new CustomerInput($"P{run}-C{op.Pick % 4}", "Property customer", null, "Dtc"), null, "test", null, op.ShipPolicy, op.Priority, [new OrderLineInput(sku, qty)]),
                    ct);
                orders.Add(number);
                break;
            case Step.Scan:
                // Scan ids repeat on purpose: the same id with the same body is a replay, with another body a refusal.
                await services.GetRequiredService<ReceiveScan>().HandleAsync(new ReceiptRequest($"P{run}-R{op.ScanId}", null, sku, qty % 3 + 1, null), ct);
                break;
            case Step.Cancel when order is not null:
                await services.GetRequiredService<CancelLine>().HandleAsync(order, 1, new CancelLineRequest(op.Qty > 0 ? op.Qty : null), new DeskActor("agent", "Agent"), ct);
                break;
            case Step.Ship when order is not null:
                await services.GetRequiredService<ShipOrder>().HandleAsync(new ShipmentRequest(order, null), ct);
                break;
            case Step.Hold when order is not null:
                await services.GetRequiredService<HoldLine>().HoldAsync(order, 1, new HoldLineRequest("payment check"), new DeskActor("agent", "Agent"), ct);
                break;
            case Step.Release when order is not null:
                await services.GetRequiredService<HoldLine>().ReleaseAsync(order, 1, new DeskActor("agent", "Agent"), ct);
                break;
            case Step.Expedite when order is not null:
                await services.GetRequiredService<ChangePriority>().HandleAsync(order, new ChangePriorityRequest("Expedite"), new DeskActor("manager", "Manager"), ct);
                break;
            case Step.Adjust when op.Qty != 0:
            case Step.Count:
                await services.GetRequiredService<WarehouseWriter>().WriteAsync(async (scope, token) =>
                {
                    var entity = await scope.Db.Skus.SingleAsync(s => s.Code == sku, token);
                    var book = await scope.LoadBookAsync(entity, token);
                    if (op.Step == Step.Count)
                    {
                        WarehouseOperations.Count(book, Math.Max(0, op.Qty), "cycle count", scope.Operation);
                    }
                    else
                    {
                        WarehouseOperations.Adjust(book, op.Qty, "damage", scope.Operation);
                    }

                    return 0;
                }, ct);
                break;
            default:
                break;
        }
    }
}

/// <summary>Every test of <see cref="WarehousePropertyTests"/> on PostgreSQL.</summary>
public sealed class WarehousePropertyTestsOnPostgres : WarehousePropertyTests
{
    protected override string Provider => DatabaseProvider.Postgres;
}
