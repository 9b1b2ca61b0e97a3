using System.Globalization;
using MudBlazor;

namespace BackorderDesk.Components;

/// <summary>
/// The paging and sort part of a grid's URL, shared by the grids that keep their state there
/// (<c>?sort=available&amp;dir=desc&amp;page=2&amp;size=50</c>): the page is one-based in the URL and
/// zero-based in code, malformed values fall back to the defaults, and a default is written as null,
/// which <c>NavigationManager.GetUriWithQueryParameters</c> leaves out.
/// </summary>
public static class GridUrl
{
    /// <summary>The zero-based page and the page size from <c>page</c> and <c>size</c>.</summary>
    public static (int Page, int PageSize) ReadPaging(Func<string, string?> text, int defaultPageSize, int maxPageSize)
    {
        var page = int.TryParse(text("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 1 ? p - 1 : 0;
        var size = int.TryParse(text("size"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) && s > 0 && s <= maxPageSize ? s : defaultPageSize;
        return (page, size);
    }

    /// <summary>A defined member of <typeparamref name="TEnum"/> named by <paramref name="value"/> (any case), or null.</summary>
    public static TEnum? ReadEnum<TEnum>(string? value)
        where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;

    /// <summary>The sort column from <c>sort</c> and the direction from <c>dir</c>.</summary>
    public static (TSort Sort, bool Descending) ReadSort<TSort>(Func<string, string?> text, TSort defaultSort)
        where TSort : struct, Enum =>
        (ReadEnum<TSort>(text("sort")) ?? defaultSort, string.Equals(text("dir"), "desc", StringComparison.OrdinalIgnoreCase));

    /// <summary>Adds <c>sort</c> and <c>dir</c>; both null for the default sort ascending.</summary>
    public static void WriteSort<TSort>(IDictionary<string, object?> parameters, TSort sort, bool descending, TSort defaultSort)
        where TSort : struct, Enum
    {
        var isDefault = EqualityComparer<TSort>.Default.Equals(sort, defaultSort) && !descending;
        parameters["sort"] = isDefault ? null : sort.ToString().ToLowerInvariant();
        parameters["dir"] = isDefault ? null : (descending ? "desc" : "asc");
    }

    /// <summary>Adds the one-based <c>page</c> and <c>size</c>; null for the first page and the default size.</summary>
    public static void WritePaging(IDictionary<string, object?> parameters, int page, int pageSize, int defaultPageSize)
    {
        parameters["page"] = page > 0 ? (page + 1).ToString(CultureInfo.InvariantCulture) : null;
        parameters["size"] = pageSize != defaultPageSize ? pageSize.ToString(CultureInfo.InvariantCulture) : null;
    }

    /// <summary>Page, page size and sort from a MudDataGrid's state; no known sort column means the default sort.</summary>
    public static (int Page, int PageSize, TSort Sort, bool Descending) FromGridState<T, TSort>(GridState<T> state, TSort defaultSort, int defaultPageSize, int maxPageSize)
        where TSort : struct, Enum
    {
        var first = state.SortDefinitions.FirstOrDefault();
        var sort = first is null ? null : ReadEnum<TSort>(first.SortBy);
        return (
            Math.Max(0, state.Page),
            state.PageSize > 0 && state.PageSize <= maxPageSize ? state.PageSize : defaultPageSize,
            sort ?? defaultSort,
            sort is not null && first!.Descending);
    }
}
