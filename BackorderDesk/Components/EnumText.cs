using System.Text.RegularExpressions;
using BackorderDesk.Domain;
using BackorderDesk.Features.Backorders;

namespace BackorderDesk.Components;

/// <summary>
/// How the screens write an enum value: as words ("PartiallyShipped" → "Partially shipped"), with a
/// few values worded by hand. The API keeps the enum names; this is for people only.
/// </summary>
public static partial class EnumText
{
    public static string Words<TEnum>(TEnum value) where TEnum : struct, Enum => value switch
    {
        CustomerType.Dtc => "Consumer (DTC)",
        CustomerType.B2b => "Business (B2B)",
        AgeBucket.UpToWeek => "0–7 days",
        AgeBucket.TwoWeeks => "8–14 days",
        AgeBucket.Month => "15–30 days",
        AgeBucket.OverMonth => "Over 30 days",
        _ => Split(value.ToString()),
    };

    /// <summary>The words of a nullable value; <paramref name="none"/> when there is none.</summary>
    public static string Words<TEnum>(TEnum? value, string none = "—") where TEnum : struct, Enum =>
        value is { } v ? Words(v) : none;

    /// <summary>The same words in lower case, for use inside a sentence ("ships partial", "key account").</summary>
    public static string LowerWords<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var words = Words(value);
        return words.Length > 1 && char.IsUpper(words[1]) ? words : char.ToLowerInvariant(words[0]) + words[1..];
    }

    /// <summary>"PartiallyShipped" → "Partially shipped"; a run of capitals is one word and keeps them ("AbcClass" → "Abc class", "ABCRank" → "ABC rank").</summary>
    public static string Split(string pascal)
    {
        var words = PascalWords().Matches(pascal).Select(m => m.Value).ToList();
        return string.Join(' ', words.Select((word, i) => i == 0 || (word.Length > 1 && word.All(char.IsUpper)) ? word : word.ToLowerInvariant()));
    }

    [GeneratedRegex("[A-Z]+(?![a-z])|[A-Z][a-z0-9]*|[a-z0-9]+")]
    private static partial Regex PascalWords();
}
