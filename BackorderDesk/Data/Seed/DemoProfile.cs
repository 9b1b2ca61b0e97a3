namespace BackorderDesk.Data.Seed;

/// <summary>The size of a demo warehouse. The generator is the same for every profile; only the counts scale.</summary>
/// <param name="Orders">Orders placed over the history window (about 2.3 lines each).</param>
/// <param name="Days">Days of history before today.</param>
/// <param name="Seed">The seed of every random choice: the same profile on the same day gives the same warehouse.</param>
public sealed record DemoProfile(string Name, int Skus, int Orders, int Suppliers, int Days = 90, int Seed = 20_261_123)
{
    /// <summary>~2,000 SKUs and ~20,000 orders: the warehouse a demo or a manual test starts with.</summary>
    public static DemoProfile Default { get; } = new("Default", Skus: 2_000, Orders: 20_000, Suppliers: 10);

    /// <summary>100,000 SKUs and ~1,000,000 order lines, for benchmarks.</summary>
    public static DemoProfile Large { get; } = new("Large", Skus: 100_000, Orders: 442_000, Suppliers: 200);

    /// <summary>A few hundred SKUs: quick to seed, for tests and for trying things out.</summary>
    public static DemoProfile Small { get; } = new("Small", Skus: 240, Orders: 2_000, Suppliers: 10, Days: 60);

    public static DemoProfile Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "default" or "" => Default,
        "large" => Large,
        "small" => Small,
        _ => throw new ArgumentException($"Unknown demo profile '{name}': use Default, Large or Small.", nameof(name)),
    };
}
