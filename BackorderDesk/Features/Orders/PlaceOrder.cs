using BackorderDesk.Data;
using BackorderDesk.Domain;
using BackorderDesk.Features.Catalog;
using BackorderDesk.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BackorderDesk.Features.Orders;

public sealed record CustomerInput(string? Code, string? Name, string? Email, string? Type);

public sealed record OrderLineInput(string? Sku, int? Qty);

/// <summary>An order from a channel. Enum fields are text so that a wrong value is a field error.</summary>
public sealed record PlaceOrderRequest(
    string? Number,
    CustomerInput? Customer,
    string? Client,
    string? Channel,
    DateTimeOffset? PlacedAt,
    string? ShipPolicy,
    string? Priority,
    IReadOnlyList<OrderLineInput?>? Lines);

/// <summary>
/// Places an order in one write command: the customer is created or updated from its code, each
/// line takes available stock at once and queues for the rest (rules.md R2), ETAs are
/// quoted and the payment authorization is recorded. A refused order saves nothing.
/// </summary>
public sealed class PlaceOrder(WarehouseWriter writer, GetOrder getOrder, TimeProvider time, IOptionsMonitor<BackorderDeskOptions> options)
{
    public const int MaxLines = 500;
    public const string DefaultChannel = "api";

    /// <summary>A channel's clock may run a little ahead; a day is the most we accept.</summary>
    private static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(1);

    private static readonly DateTime EarliestPlacedAt = new(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public async Task<OrderView> HandleAsync(PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        var number = await PlaceAsync(request, cancellationToken);

        // Read after the commit: the view (queue positions included) is what the database now says.
        return await getOrder.HandleAsync(number, cancellationToken);
    }

    /// <summary>Places the order and answers its number, without reading the order's view back (for callers that place many).</summary>
    public Task<string> PlaceAsync(PlaceOrderRequest request, CancellationToken cancellationToken)
    {
        var input = Validate(request);
        return writer.WriteAsync((scope, ct) => ApplyAsync(scope, input, ct), cancellationToken);
    }

    private ValidOrder Validate(PlaceOrderRequest request)
    {
        var check = new InputCheck()
            .Code("number", request.Number)
            .That(request.Customer is not null, "customer", "customer is required: { code, name, email?, type }.");
        if (request.Customer is { } customer)
        {
            check.Code("customer.code", customer.Code)
                .Name("customer.name", customer.Name)
                .Email("customer.email", customer.Email)
                .Choice<CustomerType>("customer.type", customer.Type, required: true, out _);
        }

        check.Code("client", request.Client, required: false)
            .Code("channel", request.Channel, required: false)
            .Choice<ShipPolicy>("shipPolicy", request.ShipPolicy, required: true, out var shipPolicy)
            .Choice<OrderPriority>("priority", request.Priority, required: false, out var priority);

        var now = time.GetUtcNow();
        if (request.PlacedAt is { } placedAt)
        {
            check.That(
                placedAt <= now + FutureTolerance && placedAt.UtcDateTime >= EarliestPlacedAt,
                "placedAt",
                $"placedAt must be a UTC time between 2000-01-01 and a day from now; {placedAt:O} is not.");
        }

        var lines = request.Lines;
        check.That(lines is { Count: >= 1 and <= MaxLines }, "lines", $"lines must list 1 to {MaxLines} lines; split a larger order.");
        if (lines is { Count: <= MaxLines })
        {
            for (var i = 0; i < lines.Count; i++)
            {
                if (lines[i] is not { } line)
                {
                    check.That(false, $"lines[{i}]", $"lines[{i}] is required: {{ sku, qty }}.");
                    continue;
                }

                check.Code($"lines[{i}].sku", line.Sku).Quantity($"lines[{i}].qty", line.Qty);
            }
        }

        check.ThrowIfInvalid();
        var type = Enum.Parse<CustomerType>(request.Customer!.Type!.Trim(), ignoreCase: true);
        return new ValidOrder(
            request.Number!.Trim(),
            new Customer(request.Customer.Code!.Trim(), request.Customer.Name!.Trim(), string.IsNullOrWhiteSpace(request.Customer.Email) ? null : request.Customer.Email.Trim(), type),
            request.Client?.Trim() is { Length: > 0 } client ? client : null,
            request.Channel?.Trim() is { Length: > 0 } channel ? channel : DefaultChannel,
            request.PlacedAt?.UtcDateTime,
            shipPolicy!.Value,
            priority,
            lines!.Select(l => (l!.Sku!.Trim(), l.Qty!.Value)).ToList());
    }

    private async Task<string> ApplyAsync(WriteScope scope, ValidOrder input, CancellationToken ct)
    {
        var db = scope.Db;
        if (await db.Orders.AnyAsync(o => o.Number == input.Number, ct))
        {
            throw new ConflictException($"Order number {input.Number} is already used. Send each order once, with its own number.", "number");
        }

        var client = await FindClientAsync(db, input.Client, ct);
        var codes = input.Lines.Select(l => l.Sku).Distinct().ToList();
        // The SKU rows as they are now: their versions say whether the writer's cached books are still current.
        var skus = await db.Skus.AsNoTracking().Where(s => codes.Contains(s.Code)).ToDictionaryAsync(s => s.Code, ct);
        for (var i = 0; i < input.Lines.Count; i++)
        {
            var code = input.Lines[i].Sku;
            if (!skus.TryGetValue(code, out var sku))
            {
                throw new DomainException($"SKU {code} does not exist. Create it first.", $"lines[{i}].sku");
            }

            if (sku.ClientId != client.Id)
            {
                throw new DomainException($"SKU {code} belongs to another client than {client.Code}; name its client in client, or order it separately.", $"lines[{i}].sku");
            }
        }

        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Code == input.Customer.Code, ct);
        if (customer is null)
        {
            customer = input.Customer;
            db.Customers.Add(customer);
        }
        else
        {
            customer.Update(input.Customer.Name, input.Customer.Email, input.Customer.Type);
        }

        // A key account's orders queue as KeyAccount unless the channel says otherwise.
        var priority = input.Priority ?? (customer.Tier == nameof(OrderPriority.KeyAccount) ? OrderPriority.KeyAccount : OrderPriority.Standard);
        var placedAt = input.PlacedAt ?? scope.Now;
        var order = new SalesOrder(input.Number, client, customer, input.Channel, placedAt, input.ShipPolicy, priority);
        var books = (await scope.BooksAsync(skus.Values, ct)).ToDictionary(b => b.Sku.Code);
        foreach (var (code, qty) in input.Lines)
        {
            order.AddLine(books[code].Sku, qty);
        }

        WarehouseOperations.PlaceOrder(order, books.Values.ToDictionary(b => b.Sku), scope.Operation);
        var payments = options.CurrentValue.Payments;
        var days = customer.Type == CustomerType.B2b ? payments.B2bAuthorizationDays : payments.DtcAuthorizationDays;
        order.AuthorizePayment(placedAt, placedAt.AddDays(days));

        // The writer's pipeline writes the order, its lines and what they changed (WriteScope.CompleteAsync).
        return order.Number;
    }

    private static async Task<Client> FindClientAsync(WarehouseDbContext db, string? code, CancellationToken ct)
    {
        if (code is not null)
        {
            return await db.Clients.FirstOrDefaultAsync(c => c.Code == code, ct)
                ?? throw new DomainException($"Client {code} does not exist. Create it first with POST /api/clients.", "client");
        }

        // The same default client as SKUs that name none (DefaultClient), not the first by id: a
        // seeded database holds the demo's clients before it.
        return await DefaultClient.GetOrAddAsync(db, ct);
    }

    private sealed record ValidOrder(
        string Number,
        Customer Customer,
        string? Client,
        string Channel,
        DateTime? PlacedAt,
        ShipPolicy ShipPolicy,
        OrderPriority? Priority,
        IReadOnlyList<(string Sku, int Qty)> Lines);
}
