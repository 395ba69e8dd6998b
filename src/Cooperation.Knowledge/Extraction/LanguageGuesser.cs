namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// A cheap guess at a document's language: the script settles Chinese, Russian and Arabic; for Latin
/// script, counts of common short words tell English, French and Spanish apart. Anything less clear
/// is reported as unknown (null) rather than guessed.
/// </summary>
internal static class LanguageGuesser
{
    private const int SampleLength = 100_000;
    private const int MinimumLetters = 20;
    private const int MinimumStopWordHits = 3;
    private const double MinimumStopWordShare = 0.08;
    private const double MinimumLeadOverRunnerUp = 1.5;

    // Words shared by two languages ("la", "de", "en", "que") are left out: they would not tell them apart.
    private static readonly HashSet<string> English = ["the", "and", "of", "to", "is", "that", "for", "with", "as", "be", "by", "this", "are", "or", "shall", "which", "it", "an", "from", "not", "at", "its", "any", "has", "have", "was", "were", "may"];
    private static readonly HashSet<string> French = ["le", "les", "des", "et", "est", "une", "du", "dans", "qui", "pour", "sur", "pas", "au", "aux", "ce", "cette", "sont", "avec", "ou", "être", "il", "ses", "leur", "peut", "été"];
    private static readonly HashSet<string> Spanish = ["el", "los", "las", "del", "y", "una", "por", "para", "con", "es", "al", "lo", "como", "su", "sus", "está", "ser", "puede", "sido", "ha"];

    public static string? Guess(IReadOnlyList<ExtractedPage> pages)
    {
        var sample = new System.Text.StringBuilder();
        foreach (var page in pages)
        {
            if (sample.Length >= SampleLength)
            {
                break;
            }

            sample.Append(page.Text, 0, Math.Min(page.Text.Length, SampleLength - sample.Length)).Append('\n');
        }

        return Guess(sample.ToString());
    }

    public static string? Guess(string text)
    {
        int han = 0, cyrillic = 0, arabic = 0, latin = 0, otherLetters = 0;
        foreach (var c in text)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            switch (c)
            {
                case >= '\u4E00' and <= '\u9FFF' or >= '\u3400' and <= '\u4DBF' or >= '\uF900' and <= '\uFAFF':
                    han++;
                    break;
                case >= '\u0400' and <= '\u052F':
                    cyrillic++;
                    break;
                case >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF':
                    arabic++;
                    break;
                case <= '\u024F':
                    latin++;
                    break;
                default:
                    otherLetters++;
                    break;
            }
        }

        var letters = han + cyrillic + arabic + latin + otherLetters;
        if (letters < MinimumLetters)
        {
            return null;
        }

        // One Han character stands for a word, so a third of the letters is already a Chinese text.
        if (han * 3 >= letters)
        {
            return "zh";
        }

        if (cyrillic * 2 > letters)
        {
            return "ru";
        }

        if (arabic * 2 > letters)
        {
            return "ar";
        }

        return latin * 2 > letters ? GuessLatin(text) : null;
    }

    private static string? GuessLatin(string text)
    {
        int words = 0, english = 0, french = 0, spanish = 0;
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '(', ')', '«', '»', '“', '”', '¿', '¡').ToLowerInvariant();
            if (word.Length == 0 || !char.IsLetter(word[0]))
            {
                continue;
            }

            words++;
            english += English.Contains(word) ? 1 : 0;
            french += French.Contains(word) ? 1 : 0;
            spanish += Spanish.Contains(word) ? 1 : 0;
        }

        (string Language, int Hits)[] ranked = [("en", english), ("fr", french), ("es", spanish)];
        Array.Sort(ranked, (a, b) => b.Hits.CompareTo(a.Hits));
        var (language, hits) = ranked[0];
        var runnerUp = ranked[1].Hits;
        var clear = hits >= MinimumStopWordHits
            && hits >= words * MinimumStopWordShare
            && hits >= runnerUp * MinimumLeadOverRunnerUp;
        return clear ? language : null;
    }
}
