using System.Text.RegularExpressions;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// When a quote can answer a yes/no question by itself, and which way. A negation in the quote decides the answer only
/// when the question asks whether something may, must or need be done: "Can the office require the licence contract?"
/// is answered by "may not require". A question whether conduct is a violation, or a person is liable, is answered
/// "yes" by a sentence that forbids it, so the negation says nothing there and no lead is given.
/// </summary>
internal static partial class YesNoReading
{
    /// <summary>Whether the question asks about a permission, an obligation or a need, and is not itself negated.</summary>
    public static bool AsksWhetherAllowed(string question, string language)
    {
        var lower = question.ToLowerInvariant();
        return language switch
        {
            LanguageDetector.Chinese => ChineseModal().IsMatch(lower),
            LanguageDetector.Russian => RussianModal().IsMatch(lower),
            LanguageDetector.French => FrenchModal().IsMatch(lower),
            LanguageDetector.Spanish => false,
            _ => EnglishModal().IsMatch(lower) && !EnglishNegation().IsMatch(lower),
        };
    }

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

    [GeneratedRegex(@"\b(?:can|could|may|might|must|shall|should|need|has to|have to|(?:is|are|was|were|be)\b.{0,80}\b(?:allowed|permitted|entitled|required|obliged|obligated|bound|possible)|(?:do|does|did|will|would)\b.{0,80}\b(?:have to|need|require|requires|permit|permits|allow|allows|oblige|obliges|entitle|entitles))\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishModal();

    [GeneratedRegex(@"能否|能不能|能够|是否能|可以|可否|可不可以|是否可|必须|需要|需不需要|无需|无须|应当|应否|应不应该|有权|允许|准许|要不要|得以", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseModal();

    [GeneratedRegex(@"(?<!\w)(?:можно|может|могут|вправе|должен|должна|должно|должны|обязан\w*|разреш\w*|допуска\w*|нужно|требуется|необходимо)(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex RussianModal();

    [GeneratedRegex(@"\b(?:peut|peuvent|pourrait|doit|doivent|faut|permis|autoris\w*|oblig\w*|exig\w*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchModal();

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
