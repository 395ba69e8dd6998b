using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cooperation.Knowledge.Text;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Pages.Documents;

/// <summary>Where on a page of extracted text the cited passage lies, so the preview can mark it.</summary>
public sealed partial record CitedPassage(int Start, int Length)
{
    // The quote is found by the rule citations are verified by (QuoteLocator), so the page may break lines or curl
    // apostrophes where the quote does not. A quote cut short in the link, or running on to the next page, is still
    // found by its first words.
    private const int ShortPrefix = 40;

    /// <summary>
    /// The most of a quote or section label that is looked for. Links carry at most <see cref="Assistant.DocumentLinks.QuoteInLink"/>
    /// characters of a quote; the page's address is anyone's to write, so a longer one is cut rather than searched for.
    /// </summary>
    public const int MaxSought = Assistant.DocumentLinks.QuoteInLink;

    /// <summary>
    /// Finds the quote, else its first words, else the section's label, else nothing. The mark runs to the end of the
    /// word the match ends in, so a quote cut inside a word ("ou modè") marks the whole word ("ou modèles").
    /// </summary>
    public static CitedPassage? Find(string pageText, string? quote, string? section)
    {
        foreach (var candidate in Candidates(Cut(quote), Cut(section)))
        {
            if (QuoteLocator.Find(pageText, candidate, StringComparison.OrdinalIgnoreCase) is { } found)
            {
                return new CitedPassage(found.Start, WordEnd(pageText, found.End) - found.Start);
            }
        }

        return null;
    }

    private static string? Cut(string? text) => text is null ? null : TextCut.Prefix(text.Trim(), MaxSought);

    private static IEnumerable<string> Candidates(string? quote, string? section)
    {
        if (!string.IsNullOrWhiteSpace(quote))
        {
            yield return quote;
            var words = string.Join(' ', quote.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            if (words.Length > ShortPrefix)
            {
                yield return TextCut.Prefix(words, ShortPrefix);
            }
        }

        if (!string.IsNullOrWhiteSpace(section))
        {
            yield return section;
            // "Article 4C(1)" is headed "Article 4" on the page; "Rule 26bis.1(a)" is headed "Rule 26bis".
            if (LabelHead().Match(section) is { Success: true } head && head.Length < section.Length)
            {
                yield return head.Value;
            }
        }
    }

    /// <summary>Where the word that ends at or runs through <paramref name="end"/> ends.</summary>
    private static int WordEnd(string text, int end)
    {
        if (end == 0 || !Rune.TryGetRuneAt(text, PreviousRuneStart(text, end), out var last) || !IsInWord(last))
        {
            return end;
        }

        while (end < text.Length && Rune.TryGetRuneAt(text, end, out var next) && IsInWord(next))
        {
            end += next.Utf16SequenceLength;
        }

        return end;
    }

    private static int PreviousRuneStart(string text, int end) =>
        end >= 2 && char.IsLowSurrogate(text[end - 1]) && char.IsHighSurrogate(text[end - 2]) ? end - 2 : end - 1;

    /// <summary>
    /// Letters, digits and combining accents (a page may spell è as e and a combining grave) continue a word. Chinese
    /// and Japanese characters do not: they are written without spaces, so "the rest of the word" would be the sentence.
    /// </summary>
    private static bool IsInWord(Rune rune) =>
        Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark => true,
            _ when !Rune.IsLetterOrDigit(rune) => false,
            _ => !IsWrittenWithoutSpaces(rune.Value),
        };

    private static bool IsWrittenWithoutSpaces(int codePoint) =>
        codePoint is (>= 0x3040 and <= 0x30FF) // Hiragana, Katakana
            or (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) // Han
            or (>= 0x20000 and <= 0x3FFFF); // Han, supplementary planes

    [GeneratedRegex(@"^\p{L}+\.?\s*[0-9IVXLC]+[a-z]*", RegexOptions.CultureInvariant)]
    private static partial Regex LabelHead();
}
