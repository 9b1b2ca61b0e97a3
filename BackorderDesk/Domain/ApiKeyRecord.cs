namespace BackorderDesk.Domain;

/// <summary>
/// An API key created by an Admin in the UI. Only a SHA-256 hash of the key is stored; the key itself
/// is shown once, when it is created. Keys from configuration (BackorderDesk:ApiKeys) are not stored here.
/// </summary>
public sealed class ApiKeyRecord
{
    private ApiKeyRecord()
    {
    }

    public ApiKeyRecord(string name, string role, string hash, string prefix, string createdBy, DateTime createdAt)
    {
        Name = name;
        Role = role;
        Hash = hash;
        Prefix = prefix;
        CreatedBy = createdBy;
        CreatedAt = createdAt;
    }

    public long Id { get; private set; }

    public string Name { get; private set; } = "";

    /// <summary>One of the API roles: Integration, Scanner, ReadOnly.</summary>
    public string Role { get; private set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key's UTF-8 bytes.</summary>
    public string Hash { get; private set; } = "";

    /// <summary>The key's first characters, so that a person can tell keys apart without the key.</summary>
    public string Prefix { get; private set; } = "";

    public string CreatedBy { get; private set; } = "";

    public DateTime CreatedAt { get; private set; }

    public string? RevokedBy { get; private set; }

    public DateTime? RevokedAt { get; private set; }

    public bool IsRevoked => RevokedAt is not null;

    public void Revoke(string by, DateTime at)
    {
        if (IsRevoked)
        {
            throw new DomainException($"The key {Name} was already revoked by {RevokedBy}.", "key");
        }

        RevokedBy = by;
        RevokedAt = at;
    }
}
