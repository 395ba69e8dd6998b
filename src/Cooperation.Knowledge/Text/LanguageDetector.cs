using System.Text;

namespace Cooperation.Knowledge.Text;

/// <summary>
/// Tells the language of a text: the script settles Chinese, Russian and Arabic; for Latin script, counts
/// of common short words tell English, French and Spanish apart. <see cref="Guess(string)"/> says "unknown"
/// (null) when that is unclear, which is what a document's recorded language should be; <see cref="Detect"/>
/// always picks one, falling back to English, because a question needs an analyzer either way.
/// Documents that state their language are trusted instead.
/// </summary>
internal static class LanguageDetector
{
    public const string English = "en";
    public const string Chinese = "zh";
    public const string French = "fr";
    public const string Russian = "ru";
    public const string Spanish = "es";
    public const string Arabic = "ar";

    public static IReadOnlyList<string> Supported { get; } = [English, Chinese, French, Russian, Spanish, Arabic];

    private const int SampleLength = 100_000;
    private const int MinimumLetters = 20;
    private const int MinimumStopWordHits = 3;
    private const double MinimumStopWordShare = 0.08;
    private const double MinimumLeadOverRunnerUp = 1.5;

    // Words shared by two of the languages ("la", "de", "en", "que", "a") are left out: they would not tell them apart.
    private static readonly HashSet<string> EnglishWords = ["the", "and", "of", "to", "is", "in", "that", "for", "with", "as", "be", "by", "this", "are", "or", "shall", "which", "it", "an", "from", "not", "at", "its", "any", "has", "have", "was", "were", "may", "what", "how", "when", "who", "does"];
    private static readonly HashSet<string> FrenchWords = ["le", "les", "des", "et", "est", "une", "du", "dans", "qui", "pour", "sur", "pas", "au", "aux", "ce", "cette", "sont", "avec", "ou", "être", "il", "ses", "leur", "peut", "été", "sera", "pays"];
    private static readonly HashSet<string> SpanishWords = ["el", "los", "las", "del", "y", "una", "por", "para", "con", "es", "al", "lo", "como", "su", "sus", "está", "ser", "puede", "sido", "ha"];

    /// <summary>Maps "fr", "fr-FR", "French", "français" and the like to a supported code, or null.</summary>
    public static string? Canonical(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return null;
        }

        var value = language.Trim().ToLowerInvariant();
        var dash = value.IndexOfAny(['-', '_']);
        if (dash > 0)
        {
            value = value[..dash];
        }

        return value switch
        {
            "en" or "english" or "eng" => English,
            "zh" or "chinese" or "zho" or "chi" or "中文" => Chinese,
            "fr" or "french" or "fra" or "fre" or "français" or "francais" => French,
            "ru" or "russian" or "rus" or "русский" => Russian,
            "es" or "spanish" or "spa" or "español" or "espanol" => Spanish,
            "ar" or "arabic" or "ara" or "العربية" => Arabic,
            _ => null,
        };
    }

    /// <summary>The language of a question or passage; English when nothing points elsewhere.</summary>
    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = ScriptCounts.Of(text);
        if (letters.Script() is { } byScript)
        {
            return byScript;
        }

        var best = LatinRanking(text)[0];
        return best.Hits > 0 ? best.Language : English;
    }

    /// <summary>A document's language from the start of its pages, or null when the text does not settle it.</summary>
    public static string? Guess(IReadOnlyList<ExtractedPage> pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var sample = new StringBuilder();
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

    /// <summary>The text's language, or null when it is too short, in another script, or its words are unclear.</summary>
    public static string? Guess(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var letters = ScriptCounts.Of(text);
        if (letters.Total < MinimumLetters)
        {
            return null;
        }

        if (letters.Script() is { } byScript)
        {
            return byScript;
        }

        if (letters.Latin * 2 <= letters.Total)
        {
            return null;
        }

        var ranked = LatinRanking(text);
        var (language, hits) = ranked[0];
        var clear = hits >= MinimumStopWordHits
            && hits >= ranked.Words * MinimumStopWordShare
            && hits >= ranked[1].Hits * MinimumLeadOverRunnerUp;
        return clear ? language : null;
    }

    private static Ranking LatinRanking(string text)
    {
        int words = 0, english = 0, french = 0, spanish = 0;
        foreach (var token in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            var word = token.Trim('.', ',', ';', ':', '!', '?', '"', '\'', '’', '(', ')', '«', '»', '“', '”', '¿', '¡').ToLowerInvariant();
            if (word.Length == 0 || !char.IsLetter(word[0]))
            {
                continue;
            }

            words++;
            english += EnglishWords.Contains(word) ? 1 : 0;
            french += FrenchWords.Contains(word) ? 1 : 0;
            spanish += SpanishWords.Contains(word) ? 1 : 0;
        }

        // A stable sort with English first, so a tie goes to English.
        (string Language, int Hits)[] counts = [(English, english), (French, french), (Spanish, spanish)];
        return new Ranking(counts.OrderByDescending(r => r.Hits).ToArray(), words);
    }

    private sealed record Ranking((string Language, int Hits)[] Languages, int Words)
    {
        public (string Language, int Hits) this[int index] => Languages[index];
    }

    private readonly record struct ScriptCounts(int Han, int Cyrillic, int Arabic, int Latin, int Total)
    {
        public static ScriptCounts Of(string text)
        {
            int han = 0, cyrillic = 0, arabic = 0, latin = 0, total = 0;
            foreach (var c in text)
            {
                if (!char.IsLetter(c))
                {
                    continue;
                }

                total++;
                if (TextNormalizer.IsHan(c))
                {
                    han++;
                }
                else if (c is >= '\u0400' and <= '\u052F')
                {
                    cyrillic++;
                }
                else if (c is >= '\u0600' and <= '\u06FF' or >= '\u0750' and <= '\u077F' or >= '\uFB50' and <= '\uFDFF' or >= '\uFE70' and <= '\uFEFF')
                {
                    arabic++;
                }
                else if (c <= '\u024F')
                {
                    latin++;
                }
            }

            return new ScriptCounts(han, cyrillic, arabic, latin, total);
        }

        /// <summary>The language the script alone settles, or null for Latin (or mixed) text.</summary>
        public string? Script()
        {
            // One Han character stands for a word, so a third of the letters is already a Chinese text.
            if (Han > 0 && Han * 3 >= Total)
            {
                return Chinese;
            }

            if (Cyrillic * 2 > Total)
            {
                return Russian;
            }

            return Arabic * 2 > Total ? LanguageDetector.Arabic : null;
        }
    }
}
