using System.Globalization;
using System.Text;

namespace BackorderDesk.Domain;

/// <summary>
/// The one folding of text that search compares: lower case (with the full folds .NET's simple
/// case mapping lacks, such as ß → ss), accents removed, compatibility forms unified (ﬁ → fi,
/// full-width Ａ → a). Keys are stored folded and queries are folded the same way, so "müller"
/// finds "MÜLLER", "jose" finds "José" and "rown" finds "Brown" in any language.
/// </summary>
public static class SearchText
{
    /// <summary>Separates the parts of a search key; queries never contain it, so no match spans two fields.</summary>
    public const char Separator = '\u001f';

    public static string Fold(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // Compatibility decomposition splits letters from their accents and unifies presentation forms.
        var decomposed = text.Normalize(NormalizationForm.FormKD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var rune in decomposed.EnumerateRunes())
        {
            if (IsAccent(rune) || Rune.IsControl(rune))
            {
                continue;
            }

            // Upper then lower folds the letters whose lower case is not their fold (ς → σ, ſ → s, K → k).
            var lower = Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune));
            switch (lower.Value)
            {
                case 'ß':
                case 'ẞ':
                    folded.Append("ss");
                    break;
                case 'æ':
                    folded.Append("ae");
                    break;
                case 'œ':
                    folded.Append("oe");
                    break;
                case 'ø':
                    folded.Append('o');
                    break;
                case 'ł':
                case 'ŀ':
                    folded.Append('l');
                    break;
                case 'đ':
                case 'ð':
                    folded.Append('d');
                    break;
                case 'þ':
                    folded.Append("th");
                    break;
                case 'ı':
                    folded.Append('i');
                    break;
                case 'ħ':
                    folded.Append('h');
                    break;
                case 'ŧ':
                    folded.Append('t');
                    break;
                default:
                    folded.Append(lower.ToString());
                    break;
            }
        }

        return folded.ToString().Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// The marks that are accents: the combining diacritics of Latin, Greek and Cyrillic, Hebrew points and
    /// Arabic vowel signs. Other scripts' combining marks (Indic vowel signs, kana voicing) change the letter,
    /// so they stay.
    /// </summary>
    private static bool IsAccent(Rune rune)
    {
        if (Rune.GetUnicodeCategory(rune) != UnicodeCategory.NonSpacingMark)
        {
            return false;
        }

        var v = rune.Value;
        return v is (>= 0x0300 and <= 0x036F) or (>= 0x1AB0 and <= 0x1AFF) or (>= 0x1DC0 and <= 0x1DFF)
            or (>= 0x20D0 and <= 0x20FF) or (>= 0xFE20 and <= 0xFE2F) or (>= 0x0591 and <= 0x05C7)
            or (>= 0x064B and <= 0x065F) or 0x0670;
    }
}
