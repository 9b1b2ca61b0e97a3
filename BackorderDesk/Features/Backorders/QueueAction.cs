using BackorderDesk.Domain;

namespace BackorderDesk.Features.Backorders;

public enum QueueActionKind
{
    Expedite,
    Hold,
    Release,
}

/// <summary>An action a manager is about to take on a queue line, waiting for confirmation.</summary>
public sealed record QueueAction(QueueActionKind Kind, string OrderNumber, int LineNumber, OrderPriority Priority);
