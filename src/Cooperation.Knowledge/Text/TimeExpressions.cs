using System.Globalization;
using System.Text.RegularExpressions;

namespace Cooperation.Knowledge.Text;

/// <summary>
/// Periods, dates and amounts stated in a sentence, in any of the supported languages: what a "how
/// long", "when" or "how much" question is looking for.
/// </summary>
internal static partial class TimeExpressions
{
    /// <summary>How far before a unit of time its number may start ("vingt-quatre mois").</summary>
    private const int NumberWindow = 32;

    /// <summary>"douze mois" -> "12 months": the amounts of time a sentence states, written the same way whatever its language.</summary>
    public static IReadOnlyList<string> Durations(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var found = new List<string>();
        var units = UnitRegex().Matches(sentence);
        if (units.Count == 0)
        {
            return found;
        }

        // "2025年5月1日" is a date, not 2025 years, 5 months and a day.
        var dates = DateRegex().Matches(sentence).Select(m => (m.Index, End: m.Index + m.Length)).ToList();
        foreach (Match unitMatch in units)
        {
            if (dates.Any(d => unitMatch.Index >= d.Index && unitMatch.Index < d.End))
            {
                continue;
            }

            var windowStart = Math.Max(0, unitMatch.Index - NumberWindow);
            var before = NumberBeforeRegex().Match(sentence, windowStart, unitMatch.Index - windowStart);
            if (!before.Success || !NumberWords.TryParse(before.Groups["n"].Value.ToLowerInvariant(), out var value) || value >= 1000)
            {
                continue;
            }

            // Latin words need a space or hyphen before the unit; Chinese numerals sit right against it.
            var chinese = unitMatch.Value.Length > 0 && TextNormalizer.IsHan(unitMatch.Value[0]);
            if (!chinese && before.Groups["gap"].Length == 0)
            {
                continue;
            }

            var text = value.ToString(CultureInfo.InvariantCulture) + " " + EnglishUnit(unitMatch.Value.ToLowerInvariant()) + (value == 1 ? string.Empty : "s");
            if (!found.Contains(text))
            {
                found.Add(text);
            }
        }

        return found;
    }

    /// <summary>A calendar date: "1 May 2025", "November 30", "2025年5月1日", "1er mai 2025".</summary>
    public static bool HasDate(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return DateRegex().IsMatch(sentence);
    }

    /// <summary>A sum of money or a share: "1,330 Swiss francs", "50%", "200元".</summary>
    public static bool HasAmount(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return AmountRegex().IsMatch(sentence);
    }

    /// <summary>The sums and shares a sentence states, as written.</summary>
    public static IReadOnlyList<string> Amounts(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        return AmountRegex().Matches(sentence).Select(m => TextNormalizer.NormalizeWhitespace(m.Value)).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>A count of something: a number (digits or a number word) that is not a reference to an article or rule.</summary>
    public static bool HasQuantity(string sentence)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        foreach (Match match in WordRegex().Matches(sentence))
        {
            // "un", "une", "one" are articles and pronouns far more often than counts.
            var isNumber = match.Value.All(char.IsAsciiDigit) || (NumberWords.TryParse(match.Value.ToLowerInvariant(), out var value) && value > 1);
            if (!isNumber)
            {
                continue;
            }

            // "15.1", "26bis", "(2)": numbers of rules and paragraphs, not counts.
            var after = match.Index + match.Length;
            var numbering = after < sentence.Length && (sentence[after] == ')' || char.IsLetter(sentence[after])
                || (sentence[after] == '.' && (after + 1 == sentence.Length || char.IsDigit(sentence[after + 1]) || sentence[..match.Index].Trim().Length == 0)));
            var windowStart = Math.Max(0, match.Index - NumberWindow);
            if (!numbering && !ReferenceBeforeRegex().IsMatch(sentence.AsSpan(windowStart, match.Index - windowStart)))
            {
                return true;
            }
        }

        return false;
    }

    private static string EnglishUnit(string unit) => unit switch
    {
        _ when unit.StartsWith("mo", StringComparison.Ordinal) || unit.StartsWith("me", StringComparison.Ordinal) || unit.StartsWith("мес", StringComparison.Ordinal) || unit is "个月" or "月" => "month",
        _ when unit.StartsWith('y') || unit.StartsWith('a') || unit.StartsWith("го", StringComparison.Ordinal) || unit.StartsWith("лет", StringComparison.Ordinal) || unit == "年" => "year",
        _ when unit.StartsWith("we", StringComparison.Ordinal) || unit.StartsWith("se", StringComparison.Ordinal) || unit is "周" or "星期" || unit.StartsWith("нед", StringComparison.Ordinal) => "week",
        _ => "day",
    };

    [GeneratedRegex(@"\b(?:months?|mois|meses|mes|месяц\w*|years?|années?|ans?|años?|год\w*|лет|weeks?|semaines?|semanas?|недел\w*|days?|jours?|días?|дн\w*|день)\b|个月|月|年|日|天|周|星期", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex UnitRegex();

    [GeneratedRegex(@"(?<n>\d+|[一二两三四五六七八九十百]+|[\p{L}-[\u3400-\u9FFF]]+(?:-[\p{L}-[\u3400-\u9FFF]]+)?)(?<gap>[\s\u00A0-]*)$", RegexOptions.CultureInvariant | RegexOptions.RightToLeft)]
    private static partial Regex NumberBeforeRegex();

    [GeneratedRegex(@"\d{4}年\d{1,2}月\d{1,2}日|[一二三四五六七八九十〇零]{4}年[一二三四五六七八九十]+月[一二三四五六七八九十]+日|\b\d{1,2}(?:er)?\s+(?:January|February|March|April|May|June|July|August|September|October|November|December|janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b|\b(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+\d{1,2}\b|\b\d{4}-\d{2}-\d{2}\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"\d[\d,.\u00A0 ]*\s*(?:%|per ?cent|pour ?cent|por ciento|процент\w*|Swiss francs|francs? suisses|francs?|CHF|dollars?|USD|US\$|euros?|EUR|yuan|RMB|万元|元|рубл\w*)|(?:CHF|USD|EUR|US\$|\$|€|¥)\s*\d[\d,.]*", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AmountRegex();

    [GeneratedRegex(@"\b\d+\b|\b\p{L}+\b", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"(?:Article|Articles|Art\.|Rule|Rules|Règle|paragraph|paragraphs|alinéa|item|items|Section|Chapter|Part|第|and|or|et|ou)\s*$|\(\s*$|\d[.)]?\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex ReferenceBeforeRegex();
}
