namespace Cooperation.Knowledge.Text;

/// <summary>
/// Tells the language of a text from its script and, for Latin script, from its most common short words.
/// Good enough to pick an analyzer; documents that state their language are trusted instead.
/// </summary>
public static class LanguageDetector
{
    public const string English = "en";
    public const string Chinese = "zh";
    public const string French = "fr";
    public const string Russian = "ru";
    public const string Spanish = "es";
    public const string Arabic = "ar";

    public static IReadOnlyList<string> Supported { get; } = [English, Chinese, French, Russian, Spanish, Arabic];

    private static readonly HashSet<string> FrenchWords = ["le", "la", "les", "des", "du", "de", "et", "est", "une", "dans", "pour", "qui", "au", "aux", "sont", "sera", "pays"];
    private static readonly HashSet<string> SpanishWords = ["el", "la", "los", "las", "del", "de", "y", "es", "una", "en", "para", "que", "por", "con", "se"];
    private static readonly HashSet<string> EnglishWords = ["the", "of", "and", "is", "a", "in", "to", "for", "which", "shall", "be", "by", "what", "how", "with", "that"];

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

    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int han = 0, cyrillic = 0, arabic = 0, latin = 0;
        foreach (var c in text)
        {
            if (TextNormalizer.IsHan(c))
            {
                han++;
            }
            else if (c is >= '\u0400' and <= '\u04FF')
            {
                cyrillic++;
            }
            else if (c is >= '\u0600' and <= '\u06FF')
            {
                arabic++;
            }
            else if (char.IsLetter(c) && c < '\u0250')
            {
                latin++;
            }
        }

        // Han characters carry a word each, so a few of them outweigh many Latin letters.
        if (han * 3 >= latin && han > 0)
        {
            return Chinese;
        }

        if (cyrillic > latin && cyrillic >= arabic)
        {
            return Russian;
        }

        if (arabic > latin)
        {
            return Arabic;
        }

        int french = 0, spanish = 0, english = 0;
        foreach (var word in text.ToLowerInvariant().Split(WordSeparators, StringSplitOptions.RemoveEmptyEntries))
        {
            if (FrenchWords.Contains(word))
            {
                french++;
            }

            if (SpanishWords.Contains(word))
            {
                spanish++;
            }

            if (EnglishWords.Contains(word))
            {
                english++;
            }
        }

        if (french > english && french >= spanish)
        {
            return French;
        }

        return spanish > english && spanish > french ? Spanish : English;
    }

    private static readonly char[] WordSeparators = [' ', '\n', '\r', '\t', ',', '.', ';', ':', '(', ')', '?', '!', '"', '\'', '\u00A0', '’'];
}
