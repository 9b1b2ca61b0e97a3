namespace BackorderDesk.Components;

/// <summary>One column a person may show or hide; key columns are always shown.</summary>
public sealed record GridColumn(string Key, string Title, bool ShownByDefault);

/// <summary>
/// The optional columns of one grid and which of them are shown. The grid's key columns are not
/// listed here: they always show, so that the grid fits a 1440-pixel screen without scrolling
/// sideways. The choice is kept in the browser by <see cref="ColumnChooser"/>.
/// </summary>
public sealed class GridColumns(string grid, params GridColumn[] columns)
{
    private readonly HashSet<string> _shown = columns.Where(c => c.ShownByDefault).Select(c => c.Key).ToHashSet(StringComparer.Ordinal);

    /// <summary>The storage key of this grid's choice.</summary>
    public string Grid { get; } = grid;

    public IReadOnlyList<GridColumn> Columns { get; } = columns;

    public bool IsShown(string key) => _shown.Contains(key);

    public bool IsHidden(string key) => !_shown.Contains(key);

    public IReadOnlyList<string> ShownKeys => Columns.Where(c => _shown.Contains(c.Key)).Select(c => c.Key).ToList();

    public void Toggle(string key)
    {
        if (!_shown.Remove(key) && Columns.Any(c => c.Key == key))
        {
            _shown.Add(key);
        }
    }

    /// <summary>Applies a stored choice; unknown keys (a column since removed) are ignored.</summary>
    public void Show(IEnumerable<string> keys)
    {
        _shown.Clear();
        foreach (var key in keys)
        {
            if (Columns.Any(c => c.Key == key))
            {
                _shown.Add(key);
            }
        }
    }
}
