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

        if (QuoteLocator.Find(passage.Text, claim.Quote) is not { } found)
        {
            return null;
        }

        var source = TextNormalizer.NormalizeWhitespace(passage.Text[found.Start..found.End]);
        return new Citation(passage.WorkspaceId, passage.DocumentId, passage.Title, passage.Version, passage.SectionAt(found.Start), passage.Page, source);
    }
}
