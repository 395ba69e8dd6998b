using System.Text.RegularExpressions;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Which way a quote answers a yes/no question: a negation or prohibition in it says no. Only what negates the clause
/// counts: a bound on a figure ("not later than 30 months", 不超过, не позднее) or a term that holds a negating character
/// (不正当 "unfair", 非法 "illegal") does not. (Reading the negation only for questions whether something may or must be
/// done was tried: out of fold it removed seven right leads and no wrong one, so it was left out.)
/// </summary>
internal static partial class YesNoReading
{
    /// <summary>Whether the sentence negates or forbids what it states.</summary>
    public static bool IsNegated(string sentence, string language)
    {
        var lower = sentence.ToLowerInvariant();
        return language switch
        {
            // Terms such as 不正当 (unfair) or 非法 (illegal) hold a negating character but negate nothing in the clause.
            LanguageDetector.Chinese => ChineseNegation().IsMatch(ChineseTermsWithNegatingCharacters().Replace(lower, string.Empty)),
            LanguageDetector.French => FrenchNegation().IsMatch(lower),
            LanguageDetector.Russian => RussianNegation().IsMatch(RussianBounds().Replace(lower, string.Empty)),
            LanguageDetector.Spanish => SpanishNegation().IsMatch(lower),
            _ => EnglishNegation().IsMatch(EnglishBounds().Replace(lower, string.Empty)),
        };
    }

    // "not later than 30 months", "不超过货物等值", "не позднее": a bound on a figure, not a negation of the clause.
    [GeneratedRegex(@"\b(?:not|no)\s+(?:later|earlier|sooner|less|more|fewer|longer|shorter)\s+than\b|\bnot\s+exceeding\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishBounds();

    [GeneratedRegex(@"(?<!\w)не\s+(?:позднее|позже|ранее|раньше|более|менее|больше|меньше|превыша\w*)(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex RussianBounds();

    [GeneratedRegex(@"\b(?:not|no|non-\w+|never|neither|nor|nothing|none|cannot|without|prohibited|forbidden)\b|n't\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishNegation();

    [GeneratedRegex(@"不正当|非法|无效|不动产|不可抗力|无线|非物质|不良|未成年|无形|非专利|不特定|(?:不得)?(?:不|未)?(?:超过|少于|低于|高于|多于|满)|不足", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseTermsWithNegatingCharacters();

    [GeneratedRegex(@"[不未无非勿]|没有|禁止", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseNegation();

    [GeneratedRegex(@"\b(?:ne|n'|n’|pas|non|aucun|aucune|jamais|ni|interdit\w*)\b|\bn['’]", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchNegation();

    [GeneratedRegex(@"(?<!\w)(?:не|нет|ни|запрещ\w*)(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex RussianNegation();

    [GeneratedRegex(@"\b(?:no|nunca|ningún|ninguna|prohibid\w*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpanishNegation();
}
