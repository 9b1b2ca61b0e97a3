using BackorderDesk.Domain;

namespace BackorderDesk.Data.Seed;

/// <summary>An order as the customer asks for it, before the warehouse has seen it.</summary>
internal sealed record OrderRequest(
    DateTime PlacedAt,
    ClientProfile Client,
    Customer Customer,
    string Channel,
    ShipPolicy ShipPolicy,
    OrderPriority Priority,
    IReadOnlyList<(SkuProfile Sku, int Qty)> Lines);

/// <summary>
/// The demand of the whole history window, generated up front: consumers (webshop, marketplace,
/// phone; mostly single units, ship partial) and businesses (B2B portal, phone, e-mail; case
/// quantities, mostly ship complete, key accounts served first). Generating it first gives the
/// planner a forecast of usual demand, blind to the spikes that make SKUs short.
/// </summary>
internal static class DemoDemand
{
    private const double SpikeFactor = 4;

    public static List<OrderRequest>[] Generate(DemoCatalog catalog, DemoProfile profile, DateOnly firstDay, Random random)
    {
        var days = new List<OrderRequest>[profile.Days];
        var perDay = (double)profile.Orders / profile.Days;
        var unitsOnUsualDays = new double[catalog.Skus.Count];
        var squaresOnUsualDays = new double[catalog.Skus.Count];
        var unitsToday = new Dictionary<int, int>();
        var usualDays = new int[catalog.Skus.Count];
        var index = catalog.Skus.Select((s, i) => (s, i)).ToDictionary(x => x.s, x => x.i);

        for (var d = 0; d < profile.Days; d++)
        {
            var date = firstDay.AddDays(d);
            var weekend = date.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var pickers = catalog.ClientProfiles.ToDictionary(c => c, c => new SkuPicker(c.Skus, date, d));
            var count = (int)Math.Round(perDay * (weekend ? 0.75 : 1.1) * (0.9 + (random.NextDouble() * 0.2)));
            var requests = new List<OrderRequest>(count);
            for (var n = 0; n < count; n++)
            {
                var client = PickClient(catalog.ClientProfiles, random);
                var business = random.NextDouble() < client.B2bShare * (weekend ? 0.2 : 1);
                if (pickers[client].IsEmpty)
                {
                    continue;
                }

                requests.Add(business
                    ? BusinessOrder(client, pickers[client], date, random)
                    : ConsumerOrder(client, pickers[client], date, random));
            }

            requests.Sort((a, b) => a.PlacedAt.CompareTo(b.PlacedAt));
            days[d] = requests;
            foreach (var sku in catalog.Skus.Where(s => !s.IsSpiking(d)))
            {
                usualDays[index[sku]]++;
            }

            unitsToday.Clear();
            foreach (var (sku, qty) in requests.SelectMany(r => r.Lines).Where(l => !l.Sku.IsSpiking(d)))
            {
                unitsToday[index[sku]] = unitsToday.GetValueOrDefault(index[sku]) + qty;
            }

            foreach (var (i, units) in unitsToday)
            {
                unitsOnUsualDays[i] += units;
                squaresOnUsualDays[i] += (double)units * units;
            }
        }

        // The planner knows usual demand, give or take 15 percent; spikes take it by surprise.
        for (var i = 0; i < catalog.Skus.Count; i++)
        {
            var usual = usualDays[i] == 0 ? 0 : unitsOnUsualDays[i] / usualDays[i];
            var variance = usualDays[i] == 0 ? 0 : (squaresOnUsualDays[i] / usualDays[i]) - (usual * usual);
            catalog.Skus[i].Forecast = usual * (0.85 + (random.NextDouble() * 0.3));
            catalog.Skus[i].ForecastDeviation = Math.Sqrt(Math.Max(0, variance));
            catalog.Skus[i].RecentDemand = catalog.Skus[i].Forecast;
        }

        return days;
    }

    private static ClientProfile PickClient(List<ClientProfile> clients, Random random)
    {
        var roll = random.NextDouble();
        foreach (var client in clients)
        {
            roll -= client.OrderShare;
            if (roll < 0)
            {
                return client;
            }
        }

        return clients[^1];
    }

    private static OrderRequest ConsumerOrder(ClientProfile client, SkuPicker picker, DateOnly date, Random random)
    {
        var customer = client.Consumers[(int)(client.Consumers.Count * Math.Pow(random.NextDouble(), 1.4))];
        var roll = random.NextDouble();
        var channel = roll < 0.6 ? "Webshop" : roll < 0.9 ? "Marketplace" : "Phone";
        var lineCount = random.NextDouble() switch { < 0.6 => 1, < 0.85 => 2, < 0.95 => 3, _ => 4 };
        var lines = picker.PickDistinct(lineCount, random)
            .Select(sku => (sku, random.NextDouble() switch { < 0.82 => 1, < 0.95 => 2, _ => random.Next(3, 5) }))
            .ToList();
        var shipPolicy = random.NextDouble() < 0.9 ? ShipPolicy.ShipPartial : ShipPolicy.ShipComplete;
        var priority = random.NextDouble() < 0.01 ? OrderPriority.Expedite : OrderPriority.Standard;
        var at = date.ToDateTime(new TimeOnly(7, 0), DateTimeKind.Utc).AddSeconds(random.Next(16 * 3600));
        return new OrderRequest(at, client, customer, channel, shipPolicy, priority, lines);
    }

    private static OrderRequest BusinessOrder(ClientProfile client, SkuPicker picker, DateOnly date, Random random)
    {
        var customer = client.Businesses[(int)(client.Businesses.Count * Math.Pow(random.NextDouble(), 1.2))];
        var roll = random.NextDouble();
        var channel = roll < 0.75 ? "B2B portal" : roll < 0.9 ? "Phone" : "E-mail";
        var lineCount = 2 + (int)(9 * Math.Pow(random.NextDouble(), 1.5));
        var lines = picker.PickDistinct(lineCount, random)
            .Select(sku => (sku, sku.Sku.CasePack > 1 ? sku.Sku.CasePack * random.Next(1, 4) : random.Next(2, 25)))
            .ToList();
        var shipPolicy = random.NextDouble() < 0.8 ? ShipPolicy.ShipComplete : ShipPolicy.ShipPartial;
        var priority = customer.Tier == "KeyAccount" ? OrderPriority.KeyAccount
            : random.NextDouble() < 0.02 ? OrderPriority.Expedite : OrderPriority.Standard;
        var at = date.ToDateTime(new TimeOnly(7, 30), DateTimeKind.Utc).AddSeconds(random.Next(10 * 3600));
        return new OrderRequest(at, client, customer, channel, shipPolicy, priority, lines);
    }

    /// <summary>Picks a client's SKUs by popularity (spiking ones boosted, discontinued ones gone) on one day.</summary>
    private sealed class SkuPicker
    {
        private readonly List<SkuProfile> _skus = [];
        private readonly List<double> _cumulative = [];

        public SkuPicker(IEnumerable<SkuProfile> skus, DateOnly date, int day)
        {
            var total = 0.0;
            foreach (var sku in skus)
            {
                if (sku.DiscontinueOn is { } off && date >= off)
                {
                    continue;
                }

                total += sku.Weight * (sku.IsSpiking(day) ? SpikeFactor : 1);
                _skus.Add(sku);
                _cumulative.Add(total);
            }
        }

        public bool IsEmpty => _skus.Count == 0;

        public List<SkuProfile> PickDistinct(int count, Random random)
        {
            var picked = new List<SkuProfile>(count);
            for (var attempt = 0; picked.Count < Math.Min(count, _skus.Count) && attempt < count * 4; attempt++)
            {
                var target = random.NextDouble() * _cumulative[^1];
                var i = _cumulative.BinarySearch(target);
                var sku = _skus[Math.Min(i < 0 ? ~i : i, _skus.Count - 1)];
                if (!picked.Contains(sku))
                {
                    picked.Add(sku);
                }
            }

            return picked;
        }
    }
}
