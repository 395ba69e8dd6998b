using System.Text;
using System.Text.RegularExpressions;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Pages.Documents;

/// <summary>Where on a page of extracted text the cited passage lies, so the preview can mark it.</summary>
public sealed partial record CitedPassage(int Start, int Length)
{
    // Quotes are checked against the passages with whitespace and typographic quotes normalised, so the page text
    // may break lines or curl apostrophes where the quote does not; a short prefix still finds a quote cut short.
    private const int ShortPrefix = 40;

    /// <summary>
    /// The most of a quote or section label that is looked for. Links carry at most <see cref="Assistant.DocumentLinks.QuoteInLink"/>
    /// characters of a quote; the page's address is anyone's to write, and each character becomes a piece of a regular
    /// expression, so a longer one is cut rather than searched for.
    /// </summary>
    public const int MaxSought = Assistant.DocumentLinks.QuoteInLink;

    /// <summary>Finds the quote, else its first words, else the section's label, else nothing.</summary>
    public static CitedPassage? Find(string pageText, string? quote, string? section)
    {
        foreach (var candidate in Candidates(Cut(quote), Cut(section)))
        {
            try
            {
                var match = Pattern(candidate).Match(pageText);
                if (match.Success)
                {
                    return new CitedPassage(match.Index, match.Length);
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // A page the pattern cannot be matched against in time is shown without a mark, not as an error.
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
            var compact = string.Concat(quote.Where(c => !char.IsWhiteSpace(c)));
            if (compact.Length > ShortPrefix)
            {
                yield return TextCut.Prefix(compact, ShortPrefix);
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

    private static Regex Pattern(string text)
    {
        var pattern = new StringBuilder();
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune))
            {
                continue;
            }

            if (pattern.Length > 0)
            {
                pattern.Append(@"\s*");
            }

            pattern.Append(rune.Value switch
            {
                '\'' or '’' or '‘' => "['’‘]",
                '"' or '“' or '”' => "[\"“”]",
                _ => Regex.Escape(rune.ToString()),
            });
        }

        return new Regex(pattern.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
    }

    [GeneratedRegex(@"^\p{L}+\.?\s*[0-9IVXLC]+[a-z]*", RegexOptions.CultureInvariant)]
    private static partial Regex LabelHead();
}
