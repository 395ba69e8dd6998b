namespace Cooperation.Knowledge.Text;

/// <summary>
/// Splits legal prose into sentences. Semicolons count as boundaries too: legal sentences chain whole
/// provisions with them, and each clause is what a quote should hold.
/// </summary>
internal static class SentenceSplitter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "art", "arts", "no", "nos", "e.g", "i.e", "etc", "cf", "para", "paras", "al", "p", "pp", "vol", "mr", "mrs", "dr", "st", "par", "ch", "sect",
    };

    /// <summary>The sentences with the character each starts at.</summary>
    public static IReadOnlyList<(int Offset, string Text)> SplitWithOffsets(string text)
    {
        var located = new List<(int, string)>();
        var searchFrom = 0;
        foreach (var sentence in Split(text))
        {
            var offset = text.IndexOf(sentence, searchFrom, StringComparison.Ordinal);
            if (offset < 0)
            {
                continue;
            }

            searchFrom = offset + sentence.Length;
            located.Add((offset, sentence));
        }

        return located;
    }

    public static IReadOnlyList<string> Split(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sentences = new List<string>();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var boundary = c switch
            {
                '。' or '；' or '！' or '？' or '\n' => true,
                '.' or '!' or '?' or ';' => IsLatinBoundary(text, i),
                _ => false,
            };
            if (!boundary)
            {
                continue;
            }

            Add(sentences, text[start..(i + 1)]);
            start = i + 1;
        }

        Add(sentences, text[start..]);
        return sentences;
    }

    private static bool IsLatinBoundary(string text, int i)
    {
        if (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1]))
        {
            return false;
        }

        if (text[i] != '.')
        {
            return true;
        }

        // "Art. 5", "e.g. the", "Rule 26bis.1." : not the end of a sentence.
        var wordStart = i;
        while (wordStart > 0 && !char.IsWhiteSpace(text[wordStart - 1]) && text[wordStart - 1] != '(')
        {
            wordStart--;
        }

        var word = text[wordStart..i];
        if (Abbreviations.Contains(word) || (word.Length == 1 && char.IsLetter(word[0])))
        {
            return false;
        }

        if (word.Length > 0 && (char.IsDigit(word[^1]) || word.EndsWith(')')) && wordStart == 0)
        {
            // A paragraph number at the start ("1.", "(1).") is a marker, not a sentence.
            return false;
        }

        var next = i + 1;
        while (next < text.Length && char.IsWhiteSpace(text[next]))
        {
            next++;
        }

        return next >= text.Length || !char.IsLower(text[next]);
    }

    private static void Add(List<string> sentences, string sentence)
    {
        var trimmed = sentence.Trim();
        if (trimmed.Length > 0)
        {
            sentences.Add(trimmed);
        }
    }
}
