using BackorderDesk.Domain;

namespace BackorderDesk.Data.Seed;

/// <summary>A supplier and how it really delivers (the demo's hidden truth behind its lateness percentiles).</summary>
internal sealed record SupplierProfile(Supplier Supplier, double OnTimeShare, int LateMinDays, int LateMaxDays)
{
    /// <summary>Days between the first promised date and arrival (negative: early).</summary>
    public int SampleDelay(Random random) => random.NextDouble() < OnTimeShare
        ? (random.NextDouble() < 0.15 ? -1 : 0)
        : random.Next(LateMinDays, LateMaxDays + 1);
}

internal sealed class ClientProfile(Client client, double orderShare, double b2bShare)
{
    public Client Client { get; } = client;

    public double OrderShare { get; } = orderShare;

    public double B2bShare { get; } = b2bShare;

    public List<Customer> Consumers { get; } = [];

    public List<Customer> Businesses { get; } = [];

    public List<SkuProfile> Skus { get; } = [];
}

internal sealed class SkuProfile(Sku sku, ClientProfile client, SupplierProfile? supplier, double weight)
{
    public Sku Sku { get; } = sku;

    public ClientProfile Client { get; } = client;

    public SupplierProfile? Supplier { get; } = supplier;

    /// <summary>Relative popularity within the client's range.</summary>
    public double Weight { get; } = weight;

    /// <summary>A short SKU: demand jumps to several times its usual rate for a few weeks from this day.</summary>
    public int? SpikeFromDay { get; set; }

    /// <summary>The policy becomes Discontinued on this day (the SKU is <see cref="SellingPolicy.Backorderable"/> until then).</summary>
    public DateOnly? DiscontinueOn { get; set; }

    public int OpeningStock { get; set; }

    /// <summary>The planner's usual daily demand in units (its forecast, blind to spikes).</summary>
    public double Forecast { get; set; }

    /// <summary>The population standard deviation of usual daily demand.</summary>
    public double ForecastDeviation { get; set; }

    /// <summary>The planner's smoothed view of recent daily demand.</summary>
    public double RecentDemand { get; set; }

    public int OrderedToday { get; set; }

    public bool Discontinued { get; set; }

    public bool IsSpiking(int day) => SpikeFromDay is { } from && day >= from && day < from + 21;
}

/// <summary>
/// The demo's clients (a 3PL's), suppliers, SKUs and customers: three clients with their own
/// ranges, suppliers from always-on-time to often two weeks late, SKUs of every selling policy.
/// </summary>
internal sealed class DemoCatalog
{
    private static readonly (string Code, string Name, double OrderShare, double B2bShare, double SkuShare, string Gs1Prefix, int[] Suppliers, (string Category, string[] Items, decimal MinCost, decimal MaxCost)[] Ranges)[] Clients =
    [
        ("NTR", "Northtrail Outdoor Co.", 0.50, 0.08, 0.40, "703", [0, 1, 2, 9],
        [
            ("TNT", ["Ridge Tent 2P", "Ridge Tent 3P", "Ultralight Tarp", "Basecamp Tent 4P", "Bivy Shelter"], 60m, 260m),
            ("SLP", ["Down Sleeping Bag -5°", "Synthetic Sleeping Bag", "Inflatable Mat", "Foam Mat", "Camp Pillow"], 15m, 180m),
            ("JKT", ["Rain Shell", "Down Jacket", "Fleece Midlayer", "Softshell Jacket", "Insulated Vest"], 25m, 190m),
            ("PCK", ["Daypack 22L", "Trekking Pack 45L", "Expedition Pack 65L", "Hip Pack", "Dry Bag 10L"], 12m, 140m),
            ("LGT", ["Headlamp 400lm", "Camp Lantern", "Trail Headlamp 800lm"], 9m, 55m),
            ("CKG", ["Canister Stove", "Titanium Pot 900ml", "Spork Set", "Water Filter", "Insulated Bottle 750ml"], 4m, 70m),
            ("FTW", ["Hiking Boot Mid", "Trail Runner", "Merino Hiking Socks", "Camp Sandal"], 6m, 110m),
        ]),
        ("HLH", "Hearth & Loom Home", 0.35, 0.12, 0.35, "871", [5, 6, 8, 1],
        [
            ("MUG", ["Stoneware Mug", "Espresso Cup Set", "Latte Bowl", "Teapot 1L"], 3m, 28m),
            ("DIN", ["Dinner Plate", "Pasta Bowl", "Serving Platter", "Side Plate"], 4m, 35m),
            ("TXT", ["Linen Throw", "Wool Blanket", "Cushion Cover 50x50", "Waffle Towel", "Bath Sheet"], 6m, 75m),
            ("BED", ["Percale Duvet Cover", "Linen Sheet Set", "Pillowcase Pair"], 18m, 120m),
            ("CND", ["Soy Candle 200g", "Taper Candles (6)", "Reed Diffuser"], 3m, 22m),
            ("DEC", ["Glass Vase", "Ceramic Planter", "Oak Tray", "Wall Hook Set"], 5m, 45m),
        ]),
        ("FRM", "Ferrum Industrial Supply", 0.15, 0.95, 0.25, "400", [3, 4, 7, 9],
        [
            ("GLV", ["Nitrile Gloves (100)", "Cut-Resistant Gloves", "Leather Work Gloves", "Cryo Gloves"], 2m, 30m),
            ("FST", ["Hex Bolt M8x40 (100)", "Wood Screw 4x40 (200)", "Wall Anchor 8mm (100)", "Washer M10 (250)", "Rivet 4.8mm (500)"], 3m, 25m),
            ("PPE", ["Safety Glasses Clear", "Ear Plugs (200)", "FFP2 Respirator (20)", "Hard Hat", "Hi-Vis Vest"], 2m, 40m),
            ("TLS", ["HSS Drill Bit Set", "Cutting Disc 125mm (25)", "Utility Knife", "Tape Measure 8m", "Torx Bit Set"], 4m, 60m),
            ("CNS", ["Cable Ties 300mm (100)", "Duct Tape 50m", "Marking Paint", "Absorbent Pads (100)", "Stretch Film"], 2m, 35m),
        ]),
    ];

    private static readonly (string Name, int LeadTimeDays, double OnTimeShare, int LateMin, int LateMax)[] SupplierTemplates =
    [
        ("Fjellvik Outdoor Supply", 14, 0.97, 1, 2),
        ("Pacific Rim Textiles", 35, 0.40, 5, 14),
        ("Shenzhen Trailworks", 45, 0.60, 3, 12),
        ("Alpen Hardware", 10, 0.90, 1, 4),
        ("Great Lakes Industrial", 7, 0.85, 1, 5),
        ("Terracotta Ceramics", 28, 0.70, 2, 7),
        ("Bright Loom Textiles", 21, 0.35, 7, 14),
        ("Atlas Fasteners", 5, 1.00, 0, 0),
        ("Evergreen Candle Co.", 12, 0.80, 1, 6),
        ("Summit Electronics", 30, 0.55, 4, 10),
    ];

    private static readonly string[] FirstNames =
    [
        "Emma", "Liam", "Olivia", "Noah", "Ava", "Lucas", "Mia", "Elias", "Sofia", "Jonas", "Nora", "Leon", "Ida", "Finn",
        "Hannah", "Oscar", "Lea", "Milan", "Julia", "Theo", "Sara", "Adam", "Zoe", "Felix", "Maya", "David", "Ella", "Omar",
    ];

    private static readonly string[] LastNames =
    [
        "Jensen", "Müller", "García", "Smith", "Novak", "Rossi", "Dubois", "Kowalski", "Berg", "Silva", "Nguyen", "Okafor",
        "Larsen", "Schmidt", "Martin", "Brown", "Costa", "Virtanen", "Horvat", "Byrne", "Patel", "Kim", "Lindqvist", "Weber",
    ];

    private static readonly string[] BusinessWords =
    [
        "Alpine", "Harbor", "Granite", "Northside", "Riverside", "Summit", "Oakfield", "Meridian", "Copper", "Bluewater",
        "Pinecrest", "Ironworks", "Lakeside", "Redwood", "Westgate", "Brightline", "Highland", "Crescent", "Keystone", "Fairview",
    ];

    private static readonly string[] BusinessKinds = ["Outfitters", "Trading", "Supply", "Stores", "Interiors", "Maintenance", "Builders", "Facilities"];

    private static readonly string[] Variants =
    [
        "Black", "Forest Green", "Slate", "Sand", "Navy", "Rust", "Oat", "Charcoal", "Olive", "Natural", "Size S", "Size M",
        "Size L", "Size XL", "Small", "Large", "Standard", "Pack of 2",
    ];

    private static readonly int[] CasePacks = [1, 1, 2, 4, 6, 6, 10, 12, 12, 24, 50];

    private DemoCatalog()
    {
    }

    public List<ClientProfile> ClientProfiles { get; } = [];

    public List<SupplierProfile> Suppliers { get; } = [];

    public List<SkuProfile> Skus { get; } = [];

    public static DemoCatalog Build(DemoProfile profile, DateOnly firstDay, DateOnly today, EntityKeys keys, Random random)
    {
        var catalog = new DemoCatalog();
        catalog.AddSuppliers(profile, keys);
        var barcodeSerial = 0L;
        foreach (var template in Clients)
        {
            var client = keys.Assign(new Client(template.Code, template.Name));
            var clientProfile = new ClientProfile(client, template.OrderShare, template.B2bShare);
            catalog.ClientProfiles.Add(clientProfile);
            var suppliers = catalog.Suppliers.Where((_, i) => template.Suppliers.Contains(i % SupplierTemplates.Length)).ToList();
            var count = (int)Math.Round(profile.Skus * template.SkuShare);
            for (var i = 0; i < count; i++)
            {
                var range = template.Ranges[i % template.Ranges.Length];
                var sku = catalog.AddSku(clientProfile, template.Code, range, i, suppliers, firstDay, today, profile.Days, keys, random);
                var barcodes = random.NextDouble() < 0.3 ? 2 : 1;
                for (var b = 0; b < barcodes; b++)
                {
                    sku.Sku.AddBarcode(Ean13.Create(template.Gs1Prefix, ++barcodeSerial));
                }
            }

            catalog.AddCustomers(clientProfile, profile, keys, random);
        }

        return catalog;
    }

    private void AddSuppliers(DemoProfile profile, EntityKeys keys)
    {
        for (var i = 0; i < profile.Suppliers; i++)
        {
            var template = SupplierTemplates[i % SupplierTemplates.Length];
            var round = i / SupplierTemplates.Length;
            var name = round == 0 ? template.Name : $"{template.Name} {round + 1}";
            var code = $"SUP-{i + 1:000}";
            var email = $"orders@{template.Name.ToLowerInvariant().Replace(" ", "").Replace(".", "")}{(round == 0 ? "" : round + 1)}.example";
            var supplier = keys.Assign(new Supplier(code, name, template.LeadTimeDays, email));
            Suppliers.Add(new SupplierProfile(supplier, template.OnTimeShare, template.LateMin, template.LateMax));
        }
    }

    private SkuProfile AddSku(
        ClientProfile client,
        string clientCode,
        (string Category, string[] Items, decimal MinCost, decimal MaxCost) range,
        int index,
        List<SupplierProfile> suppliers,
        DateOnly firstDay,
        DateOnly today,
        int days,
        EntityKeys keys,
        Random random)
    {
        var item = range.Items[random.Next(range.Items.Length)];
        var variant = Variants[random.Next(Variants.Length)];
        var code = $"{clientCode}-{range.Category}-{index + 1:00000}";
        var roll = random.NextDouble();
        var policy = roll switch
        {
            < 0.08 => SellingPolicy.StopSelling,
            < 0.105 => SellingPolicy.Preorder,
            _ => SellingPolicy.Backorderable,
        };
        var sku = keys.Assign(new Sku(code, $"{item}, {variant}", client.Client, policy));
        if (policy == SellingPolicy.Preorder)
        {
            // Half were released during the window, half are still to come.
            var release = random.NextDouble() < 0.5 ? firstDay.AddDays(random.Next(15, days - 10)) : today.AddDays(random.Next(14, 60));
            sku.Describe(sku.Name, policy, release);
        }

        // A few SKUs have no supplier and no lead time: nobody can promise a date for them.
        var supplier = random.NextDouble() < 0.004 ? null : suppliers[random.Next(suppliers.Count)];
        int? leadTime = supplier is not null && random.NextDouble() < 0.2
            ? Math.Max(3, supplier.Supplier.LeadTimeDays + random.Next(-3, 8))
            : null;
        var casePack = CasePacks[random.Next(CasePacks.Length)];
        var moq = casePack * (random.NextDouble() < 0.5 ? 1 : random.Next(2, 6));
        var cost = Math.Round(range.MinCost + ((range.MaxCost - range.MinCost) * (decimal)Math.Pow(random.NextDouble(), 2)), 2);
        sku.SetSupply(supplier?.Supplier, leadTime, moq, casePack, cost);

        // Popularity falls off like a long tail: a few best-sellers, many slow movers.
        // Unsourced SKUs are odd items that sell rarely.
        var weight = 1.0 / Math.Pow(1 + (random.NextDouble() * 60), 1.1) * (supplier is null ? 0.05 : 1);
        var profile = new SkuProfile(sku, client, supplier, weight);
        if (policy == SellingPolicy.Backorderable && random.NextDouble() < 0.03)
        {
            profile.DiscontinueOn = firstDay.AddDays(random.Next(days / 3, days - 3));
        }
        else if (policy == SellingPolicy.Backorderable && random.NextDouble() < 0.02)
        {
            profile.SpikeFromDay = random.Next(days / 3, days - 10);
        }

        client.Skus.Add(profile);
        Skus.Add(profile);
        return profile;
    }

    private void AddCustomers(ClientProfile client, DemoProfile profile, EntityKeys keys, Random random)
    {
        var orders = profile.Orders * client.OrderShare;
        var consumers = Math.Max(20, (int)(orders * (1 - client.B2bShare) / 2.2));
        var businesses = Math.Max(8, (int)(orders * client.B2bShare / 14));
        var prefix = client.Client.Code;
        for (var i = 0; i < consumers; i++)
        {
            var first = FirstNames[random.Next(FirstNames.Length)];
            var last = LastNames[random.Next(LastNames.Length)];
            var email = $"{first}.{last}.{i + 1}@mail.example".ToLowerInvariant();
            client.Consumers.Add(keys.Assign(new Customer($"{prefix}-C{i + 1:000000}", $"{first} {last}", email, CustomerType.Dtc)));
        }

        for (var i = 0; i < businesses; i++)
        {
            var word = BusinessWords[random.Next(BusinessWords.Length)];
            var kind = BusinessKinds[random.Next(BusinessKinds.Length)];
            var tier = random.NextDouble() < 0.12 ? "KeyAccount" : "Standard";
            var email = $"purchasing@{word}-{kind}-{i + 1}.example".ToLowerInvariant();
            client.Businesses.Add(keys.Assign(new Customer($"{prefix}-B{i + 1:00000}", $"{word} {kind} #{i + 1}", email, CustomerType.B2b, tier)));
        }
    }
}
