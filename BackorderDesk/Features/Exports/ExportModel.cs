using System.Globalization;
using System.Text;

namespace BackorderDesk.Features.Exports;

/// <summary>How a column's cells are typed and formatted in the workbook.</summary>
public enum CellKind
{
    Text,
    Integer,
    Decimal,
    Money,

    /// <summary>A percentage 0–100 in the app; written as a fraction with a percent format.</summary>
    Percent,
    Date,
    DateTime,

    /// <summary>A yes/no flag, written as the text "yes" or "no".</summary>
    Flag,
}

public sealed record ExportColumn(string Header, CellKind Kind);

/// <summary>What the About sheet says: the export, its filters and client, when it was made and what its columns mean.</summary>
public sealed record ExportAbout(
    string Title,
    string? Client,
    DateTime GeneratedAt,
    IReadOnlyList<KeyValuePair<string, string>> Filters,
    IReadOnlyList<KeyValuePair<string, string>> Definitions);

/// <summary>The number formats, widths and cell text of every workbook (<see cref="WorkbookWriter"/>).</summary>
public static class ExportFormats
{
    public const string Integer = "#,##0";
    public const string Decimal = "#,##0.00";

    /// <summary>The app keeps no currency per client; amounts are shown as US dollars.</summary>
    public const string Money = "[$$-409]#,##0.00";
    public const string Percent = "0.0%";
    public const string Date = "yyyy-mm-dd";
    public const string DateTime = "yyyy-mm-dd hh:mm";
    public const string TextFormat = "@";

    public const double MinWidth = 6;
    public const double MaxWidth = 60;

    private static readonly DateOnly Epoch = new(1899, 12, 30);

    public static string? FormatOf(CellKind kind) => kind switch
    {
        CellKind.Integer => Integer,
        CellKind.Decimal => Decimal,
        CellKind.Money => Money,
        CellKind.Percent => Percent,
        CellKind.Date => Date,
        CellKind.DateTime => DateTime,
        _ => TextFormat,
    };

    /// <summary>Excel's column width (characters) for the longest content, with a little room for the filter button.</summary>
    public static double Width(int characters) => Math.Clamp(characters + 3, MinWidth, MaxWidth);

    /// <summary>How many characters a value takes when Excel shows it in the column's format.</summary>
    public static int DisplayLength(CellKind kind, object? value) => value switch
    {
        null => 0,
        _ when kind == CellKind.Date => 10,
        _ when kind == CellKind.DateTime => 16,
        _ when kind == CellKind.Percent => 7,
        int i when kind == CellKind.Integer => i.ToString("#,##0", CultureInfo.InvariantCulture).Length,
        long l when kind == CellKind.Integer => l.ToString("#,##0", CultureInfo.InvariantCulture).Length,
        decimal d => d.ToString("#,##0.00", CultureInfo.InvariantCulture).Length + (kind == CellKind.Money ? 2 : 0),
        bool => 3,
        _ => Text(value).Length,
    };

    /// <summary>Whether text would look like a formula to Excel (or a CSV reader) and must be marked as plain text.</summary>
    public static bool LooksLikeFormula(string text) =>
        text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    /// <summary>A value as cell text; characters XML cannot carry are dropped.</summary>
    public static string Text(object? value)
    {
        var text = value switch
        {
            null => "",
            bool b => b ? "yes" : "no",
            string s => s,
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        return XmlSafe(text);
    }

    /// <summary>Excel's serial day number.</summary>
    public static double Serial(DateOnly date) => date.DayNumber - Epoch.DayNumber;

    public static double Serial(DateTime at) => Serial(DateOnly.FromDateTime(at)) + (at.TimeOfDay.TotalDays);

    public static string XmlSafe(string text)
    {
        var safe = new StringBuilder(text.Length);
        var dropped = false;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i))
            {
                safe.Append(text, i, 2);
                i++;
            }
            else if (System.Xml.XmlConvert.IsXmlChar(text[i]))
            {
                safe.Append(text[i]);
            }
            else
            {
                dropped = true;
            }
        }

        return dropped ? safe.ToString() : text;
    }

    /// <summary>A1-style column letters (1 → A, 27 → AA).</summary>
    public static string ColumnLetters(int column)
    {
        var letters = "";
        while (column > 0)
        {
            var rem = (column - 1) % 26;
            letters = (char)('A' + rem) + letters;
            column = (column - 1) / 26;
        }

        return letters;
    }
}
