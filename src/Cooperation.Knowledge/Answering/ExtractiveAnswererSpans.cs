using System.Text.RegularExpressions;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>A stretch of a passage that can be quoted as it stands: one sentence, or a sentence with the list it introduces.</summary>
internal sealed record QuotableSpan(int Offset, string Text);

/// <summary>
/// Cuts a passage into quotable spans. A sentence that ends with a colon ("contains at least the
/// following elements:") says nothing until its list is read, so it is also offered together with the
/// items that follow it.
/// </summary>
internal static partial class ExtractiveAnswererSpans
{
    private const int MinimumLength = 8;
    private const int MaxListSpanLength = 1_200;

    public static List<QuotableSpan> Of(string text)
    {
        var sentences = new List<QuotableSpan>();
        var searchFrom = 0;
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            var offset = text.IndexOf(sentence, searchFrom, StringComparison.Ordinal);
            if (offset < 0)
            {
                continue;
            }

            searchFrom = offset + sentence.Length;
            sentences.Add(new QuotableSpan(offset, sentence));
        }

        var spans = sentences.Where(s => s.Text.Length >= MinimumLength).ToList();
        for (var i = 0; i < sentences.Count; i++)
        {
            if (!sentences[i].Text.EndsWith(':'))
            {
                continue;
            }

            var end = i;
            while (end + 1 < sentences.Count
                && ListItemRegex().IsMatch(sentences[end + 1].Text)
                && sentences[end + 1].Offset + sentences[end + 1].Text.Length - sentences[i].Offset <= MaxListSpanLength)
            {
                end++;
            }

            if (end > i)
            {
                var start = sentences[i].Offset;
                var stop = sentences[end].Offset + sentences[end].Text.Length;
                spans.Add(new QuotableSpan(start, text[start..stop]));
            }
        }

        return spans;
    }

    /// <summary>"(i)", "(a)", "a)", "1.", "(1)", "—": how the items of a legal list begin.</summary>
    [GeneratedRegex(@"^(?:\(?[ivxlc]{1,6}\)|\(?[a-z]\)|\(?\d{1,2}\)|\d{1,2}\.|[-–—•*]\s)", RegexOptions.CultureInvariant)]
    private static partial Regex ListItemRegex();
}
