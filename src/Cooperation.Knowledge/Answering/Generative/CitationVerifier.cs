using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>
/// Accepts a generated claim only when its quote occurs, after the project's normalisation, in the passage
/// it cites; the citation then carries the words as the source writes them and the paragraph they are in.
/// </summary>
internal static class CitationVerifier
{
    // Shorter quotes ("the", "12") would be found almost anywhere and prove nothing.
    private const int MinimumQuoteLength = 8;
    private const int MinimumHanQuoteLength = 3;

    public static Citation? Verify(GeneratedClaim claim, NumberedPassages passages)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(passages);
        var passage = passages.Get(claim.Passage);
        if (passage is null)
        {
            return null;
        }

        var quote = TextNormalizer.ForMatching(claim.Quote);
        if (quote.Length < (quote.Any(TextNormalizer.IsHan) ? MinimumHanQuoteLength : MinimumQuoteLength))
        {
            return null;
        }

        var normalized = TextNormalizer.ForMatching(passage.Text);
        var at = normalized.IndexOf(quote, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = RawOffset(passage.Text, at + 1) - 1;
        var end = RawOffset(passage.Text, at + quote.Length);
        var source = TextNormalizer.NormalizeWhitespace(passage.Text[start..end]);
        return new Citation(passage.WorkspaceId, passage.DocumentId, passage.Title, passage.Version, passage.SectionAt(start), passage.Page, source);
    }

    /// <summary>
    /// The shortest prefix of <paramref name="text"/> whose normalised form is at least
    /// <paramref name="normalizedLength"/> long. Normalising a longer prefix never gives a shorter result,
    /// so a binary search finds it using the very normaliser the match used.
    /// </summary>
    private static int RawOffset(string text, int normalizedLength)
    {
        int low = 0, high = text.Length;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (TextNormalizer.ForMatching(text[..middle]).Length >= normalizedLength)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return low;
    }
}
