namespace BackorderDesk.Domain;

/// <summary>
/// A business rule refused an operation. The message is written for the person who has to fix it;
/// nothing was changed.
/// </summary>
public sealed class DomainException(string message, string? field = null) : Exception(message)
{
    public string? Field { get; } = field;
}
