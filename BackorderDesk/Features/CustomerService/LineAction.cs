namespace BackorderDesk.Features.CustomerService;

public enum LineAction
{
    Cancel,
    Hold,
    Release,
    Swap,
}

/// <summary>The agent picked an action for a line; the form for it opens.</summary>
public sealed record LineChoice(int LineNumber, LineAction Action);
