namespace BackorderDesk.Domain;

public sealed class Customer
{
    private Customer()
    {
    }

    public Customer(string code, string name, string? email, CustomerType type, string tier = "Standard")
    {
        Code = code;
        Name = name;
        Email = email;
        Type = type;
        Tier = tier;
        RefreshSearchKeys();
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Email { get; private set; }

    public CustomerType Type { get; private set; }

    /// <summary>Commercial tier (e.g. Standard, Gold, KeyAccount); B2B contracts may set KeyAccount.</summary>
    public string Tier { get; private set; } = "Standard";

    /// <summary>Folded email (<see cref="SearchText.Fold"/>), for a prefix search that an index can serve on any provider.</summary>
    public string EmailKey { get; private set; } = "";

    /// <summary>Folded name.</summary>
    public string NameKey { get; private set; } = "";

    /// <summary>Folded name without its first word (the surname of "Lea Brown"), so typing "brown" finds her.</summary>
    public string SurnameKey { get; private set; } = "";

    /// <summary>
    /// Code, email and name folded and joined by <see cref="SearchText.Separator"/>: the customer's part of
    /// every one of its orders' search keys (the order search index follows it when it changes).
    /// </summary>
    public string SearchKey { get; private set; } = "";

    public void Update(string name, string? email, CustomerType type)
    {
        Name = name;
        Email = email;
        Type = type;
        RefreshSearchKeys();
    }

    /// <summary>Recomputes the search keys from the name and email (also for rows stored before the keys existed).</summary>
    public void RefreshSearchKeys()
    {
        EmailKey = SearchText.Fold((Email ?? "").Trim());
        NameKey = SearchText.Fold(Name.Trim());
        var space = NameKey.IndexOf(' ', StringComparison.Ordinal);
        SurnameKey = space < 0 ? "" : NameKey[(space + 1)..].TrimStart();
        SearchKey = string.Join(SearchText.Separator, SearchText.Fold(Code), EmailKey, NameKey);
    }
}
