using BackorderDesk.Domain;
using BackorderDesk.Features.Orders;

namespace BackorderDesk.Features.Replay;

/// <summary>The size of a simulated warehouse; the generator is the same for every profile.</summary>
/// <param name="OrdersPerDay">The mean number of orders on an average day (weekdays more, weekends fewer).</param>
public sealed record SimulationProfile(string Name, int Skus, double OrdersPerDay, int Suppliers)
{
    /// <summary>200 SKUs, ~18 orders a day, 8 suppliers: the replay's default, 180 days in under two minutes.</summary>
    public static SimulationProfile Default { get; } = new("Default", Skus: 200, OrdersPerDay: 18, Suppliers: 8);

    /// <summary>A few dozen SKUs: seconds to replay, for tests and for trying things out.</summary>
    public static SimulationProfile Small { get; } = new("Small", Skus: 60, OrdersPerDay: 14, Suppliers: 4);

    /// <summary>1,000 SKUs and ~120 orders a day: a bigger warehouse, some ten minutes to replay.</summary>
    public static SimulationProfile Large { get; } = new("Large", Skus: 1_000, OrdersPerDay: 120, Suppliers: 12);

    public static IReadOnlyList<SimulationProfile> All { get; } = [Small, Default, Large];

    public static SimulationProfile Parse(string name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException($"Unknown profile '{name}': use {string.Join(", ", All.Select(p => p.Name))}.", nameof(name));
}

/// <summary>
/// How a supplier really delivers: the hidden truth the product only learns from its receipts.
/// Trucks never come before their booked date; some suppliers are nearly always on time, some are
/// late with a fat tail, and some tell the warehouse a few days ahead that a truck slips.
/// </summary>
/// <param name="OnTimeShare">The share of trucks that arrive on the expected date.</param>
/// <param name="TypicalDelayDays">The median delay of a late truck.</param>
/// <param name="TailIndex">The Pareto index of the delay of a late truck: lower is a fatter tail.</param>
/// <param name="AnnouncesSlips">The share of late trucks whose new date the supplier sends ahead.</param>
public sealed record SupplierBehaviour(string Code, string Name, int LeadTimeDays, double OnTimeShare, double TypicalDelayDays, double TailIndex, double AnnouncesSlips)
{
    public const int MaxDelayDays = 45;

    /// <summary>Days after the expected date the truck arrives (0: on the date).</summary>
    public int SampleDelay(Random random)
    {
        if (random.NextDouble() < OnTimeShare)
        {
            return 0;
        }

        // Pareto with its median at TypicalDelayDays: late trucks are mostly a little late, a few very late.
        var scale = TypicalDelayDays / Math.Pow(2, 1 / TailIndex);
        var delay = scale * Math.Pow(1 - random.NextDouble(), -1 / TailIndex);
        return Math.Clamp((int)Math.Ceiling(delay), 1, MaxDelayDays);
    }
}

/// <summary>A simulated SKU: its catalog entry and the demand behind it.</summary>
/// <param name="MeanDailyUnits">Units ordered on an average day, before season and promotions.</param>
/// <param name="SeasonAmplitude">How far the seasonal mean swings around the average (0.3: ±30%).</param>
/// <param name="SeasonPeakDay">The day of the year demand peaks.</param>
public sealed record SimulatedSku(
    string Code,
    string Name,
    string Client,
    string Supplier,
    SellingPolicy Policy,
    DateOnly? ReleaseDate,
    double MeanDailyUnits,
    double SeasonAmplitude,
    int SeasonPeakDay,
    IReadOnlyList<(DateOnly From, DateOnly To, double Factor)> Promotions,
    int OpeningStock,
    int CasePack,
    int Moq,
    decimal UnitCost)
{
    /// <summary>The mean units ordered on <paramref name="day"/>: seasonal mean, weekday and any promotion.</summary>
    public double MeanOn(DateOnly day)
    {
        var season = 1 + (SeasonAmplitude * Math.Cos(2 * Math.PI * (day.DayOfYear - SeasonPeakDay) / 365.0));
        var promotion = Promotions.Where(p => day >= p.From && day <= p.To).Select(p => p.Factor).DefaultIfEmpty(1).Max();
        return MeanDailyUnits * season * promotion * WarehouseSimulation.WeekdayFactor(day);
    }
}

/// <summary>A customer who orders in the simulation, and how long they wait before cancelling.</summary>
/// <param name="ToleranceDays">Days a line may wait before this customer cancels it; null: never cancels.</param>
public sealed record SimulatedCustomer(string Code, string Name, string Email, CustomerType Type, string Client, int? ToleranceDays);

public sealed record SimulatedClient(string Code, string Name, double OrderShare, double BusinessShare);

public sealed record SimulatedLine(string Sku, int Qty);

/// <summary>One order as the customer sends it.</summary>
public sealed record SimulatedOrder(DateTime PlacedAt, string Client, SimulatedCustomer Customer, string Channel, ShipPolicy ShipPolicy, OrderPriority Priority, IReadOnlyList<SimulatedLine> Lines)
{
    /// <summary>The order as a channel sends it to the API, numbered <paramref name="number"/>; without <paramref name="placedAt"/> the app's clock stamps it.</summary>
    public PlaceOrderRequest ToRequest(string number, DateTimeOffset? placedAt) => new(
        number,
        new CustomerInput(Customer.Code, Customer.Name, string.IsNullOrEmpty(Customer.Email) ? null : Customer.Email, Customer.Type.ToString()),
        Client,
        Channel,
        placedAt,
        ShipPolicy.ToString(),
        Priority.ToString(),
        Lines.Select(l => (OrderLineInput?)new OrderLineInput(l.Sku, l.Qty)).ToList());
}

/// <summary>
/// The generator behind the replay and the live demo: a catalog of clients, suppliers and SKUs,
/// demand per SKU (Poisson around a seasonal mean, with promotion spikes) and supplier behaviour.
/// Deterministic: every choice comes from the seed, the profile and the first day.
/// </summary>
public sealed class WarehouseSimulation
{
    private static readonly (string Code, string Name, double OrderShare, double BusinessShare, string[] Ranges)[] ClientTemplates =
    [
        ("TRAIL", "Trailhead Outfitters", 0.45, 0.10, ["Rain Shell", "Trail Runner", "Daypack 22L", "Merino Tee", "Trekking Poles", "Headlamp", "Water Filter", "Camp Stove"]),
        ("HEARTH", "Hearth & Table", 0.35, 0.15, ["Dinner Plate", "Pasta Bowl", "Linen Napkins", "Chef Knife", "Cast Iron Pan", "Espresso Cups", "Serving Board"]),
        ("PRO", "Northwind Pro Supply", 0.20, 0.70, ["Safety Gloves", "Hi-Vis Vest", "Cable Ties", "Work Light", "Ear Defenders", "Tool Bag"]),
    ];

    private static readonly (string Name, int LeadTimeDays, double OnTimeShare, double TypicalDelayDays, double TailIndex, double AnnouncesSlips)[] SupplierTemplates =
    [
        ("Alpen Textil", 10, 0.93, 1.5, 3.0, 0.5),
        ("Baltic Metals", 14, 0.75, 3, 2.0, 0.6),
        ("Canton Works", 28, 0.55, 5, 1.3, 0.7),
        ("Delta Ceramics", 21, 0.80, 2, 2.5, 0.4),
        ("Evergreen Goods", 7, 0.97, 1, 3.0, 0.3),
        ("Fjord Supply", 18, 0.65, 4, 1.6, 0.6),
    ];

    private static readonly string[] Colours = ["Black", "Slate", "Sand", "Navy", "Olive", "Rust", "Oat", "Size S", "Size M", "Size L"];

    private static readonly string[] GivenNames = ["Ada", "Ben", "Chloe", "David", "Elif", "Farah", "Greta", "Hugo", "Ines", "Jonas", "Kemal", "Lena", "Mateo", "Nora", "Omar", "Priya", "Rosa", "Sven", "Tara", "Yusuf"];

    private static readonly string[] FamilyNames = ["Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ivanova", "Jensen", "Kowalski", "Larsen", "Moreau", "Novak", "Okafor", "Petrov", "Rossi", "Silva", "Tanaka", "Weber", "Yilmaz"];

    private readonly Dictionary<string, (SimulatedSku[] Skus, SimulatedCustomer[] Consumers, SimulatedCustomer[] Businesses)> _byClient;

    private WarehouseSimulation(SimulationProfile profile, DateOnly firstDay, int days, IReadOnlyList<SimulatedClient> clients, IReadOnlyList<SupplierBehaviour> suppliers, IReadOnlyList<SimulatedSku> skus, IReadOnlyList<SimulatedCustomer> customers)
    {
        Profile = profile;
        FirstDay = firstDay;
        Days = days;
        Clients = clients;
        Suppliers = suppliers;
        Skus = skus;
        Customers = customers;
        _byClient = clients.ToDictionary(
            c => c.Code,
            c => (skus.Where(s => s.Client == c.Code && s.Policy != SellingPolicy.Discontinued).ToArray(),
                customers.Where(x => x.Client == c.Code && x.Type == CustomerType.Dtc).ToArray(),
                customers.Where(x => x.Client == c.Code && x.Type == CustomerType.B2b).ToArray()));
    }

    public SimulationProfile Profile { get; }

    public DateOnly FirstDay { get; }

    public int Days { get; }

    public IReadOnlyList<SimulatedClient> Clients { get; }

    public IReadOnlyList<SupplierBehaviour> Suppliers { get; }

    public IReadOnlyList<SimulatedSku> Skus { get; }

    public IReadOnlyList<SimulatedCustomer> Customers { get; }

    /// <summary>Weekdays carry more orders than weekends (the mean over a week is 1).</summary>
    public static double WeekdayFactor(DateOnly day) => day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 0.6 : 1.16;

    /// <summary>Builds the catalog of a warehouse that runs <paramref name="days"/> days from <paramref name="firstDay"/>.</summary>
    public static WarehouseSimulation Create(SimulationProfile profile, DateOnly firstDay, int days, Random random)
    {
        var clients = ClientTemplates.Select(t => new SimulatedClient(t.Code, t.Name, t.OrderShare, t.BusinessShare)).ToList();
        var suppliers = Enumerable.Range(0, profile.Suppliers).Select(i =>
        {
            var t = SupplierTemplates[i % SupplierTemplates.Length];
            var round = i / SupplierTemplates.Length;
            return new SupplierBehaviour(
                $"SUP-{i + 1:00}",
                round == 0 ? t.Name : $"{t.Name} {round + 1}",
                t.LeadTimeDays + (round * 3),
                t.OnTimeShare,
                t.TypicalDelayDays,
                t.TailIndex,
                t.AnnouncesSlips);
        }).ToList();

        var skus = new List<SimulatedSku>(profile.Skus);
        var lastDay = firstDay.AddDays(days - 1);
        for (var i = 0; i < profile.Skus; i++)
        {
            var (code, name, _, _, ranges) = ClientTemplates[i % ClientTemplates.Length];
            var supplier = suppliers[(i / ClientTemplates.Length) % suppliers.Count];
            var range = ranges[(i / ClientTemplates.Length) % ranges.Length];
            var colour = Colours[(i / (ClientTemplates.Length * ranges.Length)) % Colours.Length];

            // Demand is long-tailed: a few SKUs sell many units a day, most a unit every few days.
            var mean = Math.Exp(Normal(random, Math.Log(0.35), 1.0));
            var promotions = new List<(DateOnly, DateOnly, double)>();
            if (random.NextDouble() < 0.3)
            {
                var start = firstDay.AddDays(random.Next(14, Math.Max(15, days - 10)));
                promotions.Add((start, start.AddDays(random.Next(5, 11)), 2.5 + (random.NextDouble() * 2.5)));
            }

            var roll = random.NextDouble();
            var (policy, release) = roll switch
            {
                < 0.03 => (SellingPolicy.Preorder, (DateOnly?)firstDay.AddDays(random.Next(20, Math.Max(21, Math.Min(90, days - 20))))),
                < 0.05 => (SellingPolicy.StopSelling, null),
                _ => (SellingPolicy.Backorderable, (DateOnly?)null),
            };

            var business = code == "PRO";
            var casePack = business ? new[] { 6, 10, 12 }[random.Next(3)] : new[] { 1, 1, 2, 4 }[random.Next(4)];
            skus.Add(new SimulatedSku(
                $"{code}-{i + 1:0000}",
                $"{range} {colour}",
                code,
                supplier.Code,
                policy,
                release,
                mean,
                random.NextDouble() * 0.4,
                random.Next(1, 366),
                promotions,
                0,
                casePack,
                Math.Max(casePack, business ? casePack * 2 : 1),
                Math.Round((decimal)(3 + (random.NextDouble() * 120)), 2)));
        }

        // The means above are weights; scale them so that each client's SKUs together carry the units
        // its orders ask for, then give each SKU an opening stock of its lead time and a few weeks.
        foreach (var client in clients)
        {
            var own = skus.Where(s => s.Client == client.Code).ToList();
            var weight = own.Sum(s => s.MeanDailyUnits);
            foreach (var sku in own)
            {
                var unitsPerLine = ((1 - client.BusinessShare) * 1.225) + (client.BusinessShare * sku.CasePack * 2);
                var mean = client.OrderShare * profile.OrdersPerDay * 1.35 * unitsPerLine * sku.MeanDailyUnits / weight;
                var cover = (SupplierOf(suppliers, sku).LeadTimeDays + random.Next(0, 21)) * mean * (0.4 + random.NextDouble());
                var opening = sku.Policy == SellingPolicy.Preorder || random.NextDouble() < 0.08 ? 0 : (int)Math.Round(cover);
                skus[skus.IndexOf(sku)] = sku with { MeanDailyUnits = mean, OpeningStock = opening };
            }
        }

        var customers = new List<SimulatedCustomer>();
        foreach (var client in clients)
        {
            var consumers = Math.Max(40, (int)(profile.OrdersPerDay * client.OrderShare * (1 - client.BusinessShare) * 6));
            var businesses = Math.Max(6, (int)(profile.OrdersPerDay * client.OrderShare * client.BusinessShare * 2));
            for (var n = 0; n < consumers; n++)
            {
                var (given, family) = (GivenNames[random.Next(GivenNames.Length)], FamilyNames[random.Next(FamilyNames.Length)]);
                // About a third of consumers give up on a backorder after one to three weeks.
                int? tolerance = random.NextDouble() < 0.35 ? random.Next(7, 22) : null;
                customers.Add(new SimulatedCustomer(
                    $"{client.Code}-C{n + 1:00000}",
                    $"{given} {family}",
                    $"{given}.{family}.{n + 1}@{client.Code.ToLowerInvariant()}-mail.example".ToLowerInvariant(),
                    CustomerType.Dtc,
                    client.Code,
                    tolerance));
            }

            for (var n = 0; n < businesses; n++)
            {
                var family = FamilyNames[random.Next(FamilyNames.Length)];
                customers.Add(new SimulatedCustomer(
                    $"{client.Code}-B{n + 1:0000}",
                    $"{family} {new[] { "Trading", "Hotels", "Builders", "Retail", "Logistics" }[random.Next(5)]}",
                    $"purchasing{n + 1}@{family.ToLowerInvariant()}-{client.Code.ToLowerInvariant()}.example",
                    CustomerType.B2b,
                    client.Code,
                    null));
            }
        }

        return new WarehouseSimulation(profile, firstDay, days, clients, suppliers, skus, customers);
    }

    /// <summary>
    /// The generator over a catalog that already exists (the live demo's: the clients, suppliers, SKUs
    /// and customers of the database it runs on) rather than one it makes up. Every client needs at
    /// least one orderable SKU and one consumer; <paramref name="ordersPerDay"/> only matters to <see cref="OrdersOn"/>.
    /// </summary>
    public static WarehouseSimulation FromCatalog(DateOnly today, double ordersPerDay, IReadOnlyList<SimulatedClient> clients, IReadOnlyList<SupplierBehaviour> suppliers, IReadOnlyList<SimulatedSku> skus, IReadOnlyList<SimulatedCustomer> customers) =>
        new(new SimulationProfile("Catalog", skus.Count, ordersPerDay, suppliers.Count), today, 1, clients, suppliers, skus, customers);

    public SupplierBehaviour SupplierOf(SimulatedSku sku) => SupplierOf(Suppliers, sku);

    private static SupplierBehaviour SupplierOf(IEnumerable<SupplierBehaviour> suppliers, SimulatedSku sku) => suppliers.First(s => s.Code == sku.Supplier);

    /// <summary>
    /// The orders of <paramref name="day"/>, by time placed. Each SKU's units are Poisson around its
    /// mean of the day (orders are a thinning of that stream); an order takes one to three SKUs of
    /// one client, weighted by their means of the day.
    /// </summary>
    public List<SimulatedOrder> OrdersOn(DateOnly day, Random random)
    {
        var orders = new List<SimulatedOrder>();
        foreach (var client in Clients)
        {
            var (skus, consumers, businesses) = _byClient[client.Code];
            if (skus.Length == 0)
            {
                continue;
            }

            var weights = new double[skus.Length];
            var total = 0.0;
            for (var i = 0; i < skus.Length; i++)
            {
                total += skus[i].MeanOn(day);
                weights[i] = total;
            }

            var count = Poisson(random, Profile.OrdersPerDay * client.OrderShare * WeekdayFactor(day) * SeasonOf(skus, day));
            for (var n = 0; n < count; n++)
            {
                orders.Add(NextOrder(client, skus, weights, consumers, businesses, day.ToDateTime(new TimeOnly(6, 0), DateTimeKind.Utc).AddMinutes(random.Next(0, 16 * 60)), random));
            }
        }

        orders.Sort((a, b) => a.PlacedAt.CompareTo(b.PlacedAt));
        return orders;
    }

    /// <summary>One order of <paramref name="client"/> placed at <paramref name="at"/> (the live demo calls this in real time).</summary>
    public SimulatedOrder NextOrder(string client, DateTime at, Random random)
    {
        var profile = Clients.First(c => c.Code == client);
        var (skus, consumers, businesses) = _byClient[client];
        var day = DateOnly.FromDateTime(at);
        var weights = new double[skus.Length];
        var total = 0.0;
        for (var i = 0; i < skus.Length; i++)
        {
            total += skus[i].MeanOn(day);
            weights[i] = total;
        }

        return NextOrder(profile, skus, weights, consumers, businesses, at, random);
    }

    /// <summary>A client drawn by its share of orders.</summary>
    public string PickClient(Random random)
    {
        var roll = random.NextDouble() * Clients.Sum(c => c.OrderShare);
        foreach (var client in Clients)
        {
            roll -= client.OrderShare;
            if (roll <= 0)
            {
                return client.Code;
            }
        }

        return Clients[^1].Code;
    }

    private static SimulatedOrder NextOrder(SimulatedClient client, SimulatedSku[] skus, double[] weights, SimulatedCustomer[] consumers, SimulatedCustomer[] businesses, DateTime at, Random random)
    {
        var business = businesses.Length > 0 && random.NextDouble() < client.BusinessShare;
        var customer = business ? businesses[random.Next(businesses.Length)] : consumers[random.Next(consumers.Length)];
        var lineCount = random.NextDouble() switch { < 0.7 => 1, < 0.9 => 2, _ => 3 };
        var lines = new List<SimulatedLine>();
        for (var n = 0; n < lineCount; n++)
        {
            var sku = skus[Pick(weights, random)];
            if (lines.Any(l => l.Sku == sku.Code))
            {
                continue;
            }

            var qty = business ? sku.CasePack * random.Next(1, 4) : random.NextDouble() < 0.85 ? 1 : random.Next(2, 4);
            lines.Add(new SimulatedLine(sku.Code, qty));
        }

        var (channel, ship, priority) = business
            ? ("b2b-portal", random.NextDouble() < 0.6 ? ShipPolicy.ShipComplete : ShipPolicy.ShipPartial, random.NextDouble() < 0.3 ? OrderPriority.KeyAccount : OrderPriority.Standard)
            : (random.NextDouble() < 0.7 ? "webshop" : "marketplace", ShipPolicy.ShipPartial, random.NextDouble() < 0.01 ? OrderPriority.Expedite : OrderPriority.Standard);
        return new SimulatedOrder(at, client.Code, customer, channel, ship, priority, lines);
    }

    // The client's seasonal swing: the mean of its SKUs' seasonal factors on the day, weighted by their means.
    private static double SeasonOf(SimulatedSku[] skus, DateOnly day)
    {
        double seasonal = 0, usual = 0;
        foreach (var sku in skus)
        {
            seasonal += sku.MeanOn(day) / WeekdayFactor(day);
            usual += sku.MeanDailyUnits;
        }

        return usual == 0 ? 1 : seasonal / usual;
    }

    private static int Pick(double[] cumulative, Random random)
    {
        var roll = random.NextDouble() * cumulative[^1];
        var index = Array.BinarySearch(cumulative, roll);
        return Math.Min(index < 0 ? ~index : index, cumulative.Length - 1);
    }

    /// <summary>A Poisson draw (Knuth's method below 30, a rounded normal above).</summary>
    public static int Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        if (mean > 30)
        {
            return Math.Max(0, (int)Math.Round(Normal(random, mean, Math.Sqrt(mean))));
        }

        var limit = Math.Exp(-mean);
        var (k, p) = (0, 1.0);
        do
        {
            k++;
            p *= random.NextDouble();
        }
        while (p > limit);
        return k - 1;
    }

    private static double Normal(Random random, double mean, double deviation)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return mean + (deviation * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
    }
}
