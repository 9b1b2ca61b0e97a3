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
    }

    public int Id { get; private set; }

    public string Code { get; private set; } = "";

    public string Name { get; private set; } = "";

    public string? Email { get; private set; }

    public CustomerType Type { get; private set; }

    /// <summary>Commercial tier (e.g. Standard, Gold, KeyAccount); B2B contracts may set KeyAccount.</summary>
    public string Tier { get; private set; } = "Standard";

    public void Update(string name, string? email, CustomerType type)
    {
        Name = name;
        Email = email;
        Type = type;
    }
}
