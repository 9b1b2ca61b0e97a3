using BackorderDesk.Domain;
using BackorderDesk.Tests.TestSupport;
using FsCheck;
using FsCheck.Fluent;

namespace BackorderDesk.Tests.Domain;

/// <summary>
/// Random sequences of the warehouse's operations keep every invariant of docs/rules.md after each
/// step: on hand = Σ ledger, allocated = Σ live allocations ≤ on hand, no over-allocated line,
/// backordered = Σ waiting, and no idle stock while an allocatable line waits.
/// </summary>
public sealed class AllocationPropertyTests
{
    public enum OpKind
    {
        Place,
        Receive,
        Cancel,
        Ship,
        Adjust,
        Count,
        Hold,
        Release,
        Expedite,
    }

    public sealed record Op(OpKind Kind, int Sku, int Qty, int Pick, OrderPriority Priority, ShipPolicy ShipPolicy)
    {
        public override string ToString() => $"{Kind}(sku {Sku}, qty {Qty}, pick {Pick}, {Priority}, {ShipPolicy})";
    }

    private static readonly Gen<Op> OpGen =
        from kind in Gen.Frequency(
            (5, Gen.Constant(OpKind.Place)),
            (4, Gen.Constant(OpKind.Receive)),
            (2, Gen.Constant(OpKind.Cancel)),
            (2, Gen.Constant(OpKind.Ship)),
            (1, Gen.Constant(OpKind.Adjust)),
            (1, Gen.Constant(OpKind.Count)),
            (1, Gen.Constant(OpKind.Hold)),
            (1, Gen.Constant(OpKind.Release)),
            (1, Gen.Constant(OpKind.Expedite)))
        from sku in Gen.Choose(0, 2)
        from qty in Gen.Choose(-4, 8)
        from pick in Gen.Choose(0, 50)
        from priority in Gen.Elements(OrderPriority.Standard, OrderPriority.Standard, OrderPriority.KeyAccount, OrderPriority.Expedite)
        from ship in Gen.Elements(ShipPolicy.ShipPartial, ShipPolicy.ShipComplete)
        select new Op(kind, sku, qty, pick, priority, ship);

    [Fact]
    public void Every_invariant_holds_after_every_step_of_a_random_sequence()
    {
        var property = Prop.ForAll(
            Gen.ListOf(OpGen).Select(ops => ops.ToArray()).ToArbitrary(),
            (Op[] ops) =>
            {
                var violations = Run(ops);
                return violations.Count == 0 ? true : throw new InvalidOperationException(string.Join("; ", violations));
            });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(300).WithStartSize(20).WithEndSize(80), property);
    }

    private static IReadOnlyList<string> Run(IReadOnlyList<Op> ops)
    {
        var w = new WarehouseScenario();
        var skus = new[]
        {
            w.AddSku("S0", onHand: 2),
            w.AddSku("S1"),
            w.AddSku("S2", SellingPolicy.Preorder, releaseDate: w.Today.AddDays(2)),
        };
        var ledger = new List<StockMovement>();
        ledger.AddRange(w.LastChanges.Movements);
        w.LastChanges.Movements.Clear();
        foreach (var op in ops)
        {
            w.Now += TimeSpan.FromHours(7);
            var sku = skus[op.Sku];
            var open = w.Orders.SelectMany(o => o.Lines).Where(l => l.OpenQty > 0).ToList();
            var pickLine = open.Count == 0 ? null : open[op.Pick % open.Count];
            try
            {
                switch (op.Kind)
                {
                    case OpKind.Place:
                        w.Place(sku, Math.Max(1, op.Qty), op.Priority, op.ShipPolicy);
                        break;
                    case OpKind.Receive:
                        w.Receive(sku, Math.Max(1, op.Qty));
                        break;
                    case OpKind.Cancel when pickLine is not null:
                        w.Cancel(pickLine.Order, pickLine.LineNumber, Math.Min(pickLine.OpenQty, Math.Max(1, op.Qty)));
                        break;
                    case OpKind.Ship when pickLine is not null:
                        w.Ship(pickLine.Order);
                        break;
                    case OpKind.Adjust when op.Qty != 0:
                        w.Adjust(sku, op.Qty);
                        break;
                    case OpKind.Count:
                        w.Count(sku, Math.Max(0, op.Qty));
                        break;
                    case OpKind.Hold when pickLine is { OnHold: false }:
                        w.Hold(pickLine.Order, pickLine.LineNumber);
                        break;
                    case OpKind.Release when pickLine is { OnHold: true }:
                        w.Release(pickLine.Order, pickLine.LineNumber);
                        break;
                    case OpKind.Expedite when pickLine is not null:
                        pickLine.Order.ChangePriority(OrderPriority.Expedite, w.Now, "manager");
                        break;
                    default:
                        break;
                }
            }
            catch (DomainException)
            {
                // A refused operation must change nothing; the invariants below check that too.
            }

            ledger.AddRange(w.LastChanges.Movements);
            w.LastChanges.Movements.Clear();

            // The preorder SKU is released on day 2: the release is an allocation event (rule 5).
            if (skus[2].IsReleasedOn(w.Today))
            {
                WarehouseOperations.Allocate(w.Books[skus[2]], new AllocationContext(AllocationCause.PreorderRelease, "release", w.Now), w.Operation(new ChangeSet()));
            }

            var violations = w.Violations(ledger);
            if (violations.Count > 0)
            {
                return [$"after {op}: " + string.Join("; ", violations)];
            }
        }

        return [];
    }
}
