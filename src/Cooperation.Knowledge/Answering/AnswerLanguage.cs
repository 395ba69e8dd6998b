using System.Text.RegularExpressions;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>The fixed sentences of answers, in English or Chinese after the question's language.</summary>
internal static partial class AnswerLanguage
{
    public static bool IsChinese(QueryPlan plan) => plan.Language == LanguageDetector.Chinese;

    public static string Declined(QueryPlan plan, IReadOnlyList<SectionReference> nearest)
    {
        var chinese = IsChinese(plan);
        var text = chinese ? "您可以查阅的材料没有回答这个问题。" : "The materials you can read do not answer this question.";
        if (nearest.Count > 0)
        {
            text += chinese ? " 最接近的章节：" : " Nearest sections found: ";
            text += string.Join("; ", nearest.Select(n => n.Title + " — " + n.Section));
            text += chinese ? "。" : ".";
        }

        return text;
    }

    public static string Source(QueryPlan plan, KnowledgeHit passage, string section) =>
        IsChinese(plan) ? "《" + passage.Title + "》" + section : passage.Title + ", " + section;

    public static string EmptyQuestion => "Please type a question about the rules materials (请输入问题).";

    public static string TooLong(int length, int limit) =>
        $"The question is {length:N0} characters long; please ask it in at most {limit:N0} characters.";

    public static bool IsNegated(string sentence, string language)
    {
        var lower = sentence.ToLowerInvariant();
        return language switch
        {
            LanguageDetector.Chinese => lower.Contains('不', StringComparison.Ordinal) || lower.Contains('无', StringComparison.Ordinal) || lower.Contains('未', StringComparison.Ordinal) || lower.Contains('非', StringComparison.Ordinal),
            LanguageDetector.French => FrenchNegation().IsMatch(lower),
            LanguageDetector.Russian => RussianNegation().IsMatch(lower),
            LanguageDetector.Spanish => SpanishNegation().IsMatch(lower),
            _ => EnglishNegation().IsMatch(lower),
        };
    }

    /// <summary>"douze mois" -> "12 months": the amounts of time a sentence states, written the same way whatever its language.</summary>
    public static IReadOnlyList<string> Durations(string sentence)
    {
        var found = new List<string>();
        foreach (Match match in DurationRegex().Matches(sentence))
        {
            if (!NumberWords.TryParse(match.Groups["n"].Value.ToLowerInvariant(), out var value))
            {
                continue;
            }

            var unit = match.Groups["u"].Value.ToLowerInvariant();
            var english = unit switch
            {
                _ when unit.StartsWith("mo", StringComparison.Ordinal) || unit.StartsWith("me", StringComparison.Ordinal) || unit.StartsWith("мес", StringComparison.Ordinal) || unit is "个月" or "月" => "month",
                _ when unit.StartsWith('y') || unit.StartsWith('a') || unit.StartsWith("го", StringComparison.Ordinal) || unit.StartsWith("лет", StringComparison.Ordinal) || unit == "年" => "year",
                _ when unit.StartsWith("we", StringComparison.Ordinal) || unit.StartsWith("se", StringComparison.Ordinal) => "week",
                _ => "day",
            };
            var text = value.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + english + (value == 1 ? string.Empty : "s");
            if (!found.Contains(text))
            {
                found.Add(text);
            }
        }

        return found;
    }

    [GeneratedRegex(@"\b(?:not|no|non-\w+|never|neither|nor|cannot|without)\b", RegexOptions.CultureInvariant)]
    private static partial Regex EnglishNegation();

    [GeneratedRegex(@"\b(?:ne|n'|n’|pas|non|aucun|aucune|jamais|ni)\b|\bn['’]", RegexOptions.CultureInvariant)]
    private static partial Regex FrenchNegation();

    [GeneratedRegex(@"(?<!\w)(?:не|нет|ни)(?!\w)", RegexOptions.CultureInvariant)]
    private static partial Regex RussianNegation();

    [GeneratedRegex(@"\b(?:no|nunca|ningún|ninguna)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SpanishNegation();

    [GeneratedRegex(@"(?<n>\d+|[a-zà-ÿ]+(?:-[a-z]+)?|[一二两三四五六七八九十百]+|[а-яё]+)[\s\u00A0-]+(?<u>months?|mois|meses|mes|месяц\w*|years?|années?|ans|años?|год\w*|лет|weeks?|semaines?|semanas?|days?|jours?|días?|дн\w*|день)\b|(?<n>\d+|[一二两三四五六七八九十百]+)(?<u>个月|月|年|日|天)", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DurationRegex();
}
