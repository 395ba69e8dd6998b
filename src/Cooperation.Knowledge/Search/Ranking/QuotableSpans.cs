using System.Text.RegularExpressions;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search.Ranking;

/// <summary>A stretch of a passage that can be quoted as it stands: one sentence, or a sentence with the list it introduces.</summary>
internal sealed record QuotableSpan(int Offset, string Text);

/// <summary>
/// Cuts a passage into quotable spans. A sentence that ends with a colon ("contains at least the
/// following elements:") says nothing until its list is read, so it is also offered together with the
/// items that follow it.
/// </summary>
internal static partial class QuotableSpans
{
    private const int MinimumLength = 8;
    private const int MaxListSpanLength = 1_200;

    public static List<QuotableSpan> Of(string text)
    {
        var sentences = SentenceSplitter.SplitWithOffsets(text).Select(s => new QuotableSpan(s.Offset, s.Text)).ToList();
        var spans = sentences.Where(s => s.Text.Length >= MinimumLength).ToList();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (!sentences[i].Text.EndsWith(':'))
            {
                continue;
            }

            // Items run on while they look like items; a bare "or" / "and" between two items belongs to the
            // list, and an item numbered like the sentence itself ("b)" after "a) ... :") starts the next paragraph.
            var end = i;
            var next = i + 1;
            var own = MarkerKind(sentences[i].Text, null);
            string? listKind = null;
            while (next < sentences.Count && sentences[next].Offset + sentences[next].Text.Length - sentences[i].Offset <= MaxListSpanLength)
            {
                var kind = MarkerKind(sentences[next].Text, listKind);
                if (kind is null)
                {
                    if (sentences[next].Text.Length >= MinimumLength)
                    {
                        break;
                    }
                }
                else
                {
                    if (kind == own)
                    {
                        break;
                    }

                    listKind ??= kind;
                    end = next;
                }

                next++;
            }

            if (end > i)
            {
                // The introduction is never quoted without its list: alone it promises what it does not say.
                var start = sentences[i].Offset;
                var stop = sentences[end].Offset + sentences[end].Text.Length;
                spans.Remove(sentences[i]);
                spans.Add(new QuotableSpan(start, text[start..stop]));
            }
        }

        return spans;
    }

    /// <summary>
    /// How an item is numbered: "roman" (i), "letter" (a), "digit" 1. or (1), "dash" —, or null when the
    /// text is not a list item. "(i)" is a roman numeral in a roman list or first in a list, a letter otherwise.
    /// </summary>
    private static string? MarkerKind(string text, string? listKind)
    {
        var match = MarkerRegex().Match(text);
        if (!match.Success)
        {
            return null;
        }

        if (match.Groups["roman"].Success && (listKind == "roman" || match.Groups["roman"].Value.Length > 1 || match.Groups["roman"].Value == "i"))
        {
            return listKind == "letter" && match.Groups["roman"].Value.Length == 1 ? "letter" : "roman";
        }

        return match.Groups["roman"].Success || match.Groups["letter"].Success ? "letter" : match.Groups["digit"].Success ? "digit" : "dash";
    }

    [GeneratedRegex(@"^(?:\(?(?<roman>[ivxlc]{1,6})\)|\(?(?<letter>[a-z])\)|\(?(?<digit>\d{1,2})\)\.?|(?<digit>\d{1,2})\.|(?<dash>[-–—•*])\s)", RegexOptions.CultureInvariant)]
    private static partial Regex MarkerRegex();
}
