namespace Cooperation.Knowledge.Text;

/// <summary>Where a quote lies in a text, as characters of that text.</summary>
public readonly record struct QuoteSpan(int Start, int Length)
{
    public int End => Start + Length;
}

/// <summary>
/// Finds a quote in a text by the one rule of "the same text" that citations are verified by
/// (<see cref="TextNormalizer.ForMatching"/>: spacing, line breaks, typographic quotes and dashes, Markdown emphasis),
/// and gives its place in the text as written, so that whoever shows the text can mark the very words.
/// </summary>
public static class QuoteLocator
{
    /// <param name="comparison">Ordinal (how citations are verified) or OrdinalIgnoreCase (for finding a label again).</param>
    /// <returns>The span of <paramref name="text"/> the quote covers, or null when it does not occur (or is blank).</returns>
    public static QuoteSpan? Find(string text, string quote, StringComparison comparison = StringComparison.Ordinal)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(quote);
        if (comparison is not (StringComparison.Ordinal or StringComparison.OrdinalIgnoreCase))
        {
            // Culture-aware comparisons may match text of another length, which the offsets below cannot map back.
            throw new ArgumentOutOfRangeException(nameof(comparison), comparison, "Quotes are found by ordinal comparison, with or without case.");
        }

        var normalizedQuote = TextNormalizer.ForMatching(quote);
        if (normalizedQuote.Length == 0)
        {
            return null;
        }

        var at = TextNormalizer.ForMatching(text).IndexOf(normalizedQuote, comparison);
        if (at < 0)
        {
            return null;
        }

        var start = RawOffset(text, at + 1) - 1;
        var end = RawOffset(text, at + normalizedQuote.Length);
        return new QuoteSpan(start, end - start);
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
