using System.Globalization;
using System.Text;

namespace Cooperation.Knowledge.Text;

/// <summary>
/// One definition of "the same text" shared by chunking, citation checks and evaluation, so a quote
/// copied from a source matches whatever invisible spacing the source used.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>Turns every kind of space (NBSP, thin, ideographic, tabs) into one plain space and trims.</summary>
    public static string NormalizeWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (c is '\u200B' or '\uFEFF' or '\u00AD')
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Normalises the spaces inside one line but keeps it a single line.</summary>
    public static string NormalizeLine(string line) => NormalizeWhitespace(line);

    /// <summary>
    /// The form used to decide whether a quote occurs in a text: whitespace collapsed, Markdown emphasis
    /// markers dropped, typographic quotes and dashes unified, case kept.
    /// </summary>
    public static string ForMatching(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '*':
                    continue;
                case '\u2018' or '\u2019' or '\u02BC' or '`':
                    builder.Append('\'');
                    break;
                case '\u201C' or '\u201D' or '\u00AB' or '\u00BB':
                    builder.Append('"');
                    break;
                case '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014':
                    builder.Append('-');
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return NormalizeWhitespace(builder.ToString());
    }

    /// <summary>True when <paramref name="quote"/> occurs in <paramref name="text"/> after both are normalised.</summary>
    public static bool ContainsQuote(string text, string quote)
    {
        var normalizedQuote = ForMatching(quote);
        return normalizedQuote.Length > 0 && ForMatching(text).Contains(normalizedQuote, StringComparison.Ordinal);
    }

    public static bool IsSpace(char c) => char.IsWhiteSpace(c) || c is '\u00A0' or '\u2007' or '\u202F' or '\u3000';

    public static bool IsHan(char c) => c is >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF';

    /// <summary>Strips accents (é -> e) for loose comparisons of Latin-script words.</summary>
    public static string RemoveDiacritics(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                builder.Append(c);
            }
        }

        return builder.ToString().Normalize(NormalizationForm.FormC);
    }
}
