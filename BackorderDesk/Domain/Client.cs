namespace BackorderDesk.Domain;

/// <summary>A company whose stock the warehouse holds (a 3PL serves several).</summary>
public sealed class Client
{
    public const int DefaultReviewDays = 7;

    private Client()
    {
    }

    public Client(string code, string name)
    {
        Code = code;
        Name = name;
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    /// <summary>Days between reorder reviews, used by the suggested order quantity.</summary>
    public int ReviewDays { get; private set; } = DefaultReviewDays;

    /// <summary>Service level in percent that overrides the ABC default for this client's SKUs.</summary>
    public decimal? ServiceLevelOverride { get; private set; }

    public void Rename(string name) => Name = name;

    public void SetPlanning(int reviewDays, decimal? serviceLevel)
    {
        if (reviewDays is < 1 or > 365)
        {
            throw new DomainException("Review days must be between 1 and 365.", nameof(ReviewDays));
        }

        ReviewDays = reviewDays;
        ServiceLevelOverride = serviceLevel;
    }
}
