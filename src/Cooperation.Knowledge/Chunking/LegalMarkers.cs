using System.Text.RegularExpressions;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Chunking;

/// <summary>The numbering styles of legal texts in the supported languages.</summary>
internal static partial class LegalMarkers
{
    private const string ChineseNumber = "[〇零一二两三四五六七八九十百千0-9]+";

    [GeneratedRegex(@"^(?:Article|ARTICLE|Art\.)\s+(premier|1er|\d+[a-z]*)\b\.?", RegexOptions.CultureInvariant)]
    private static partial Regex ArticleRegex();

    [GeneratedRegex(@"^(?:Artículo|ARTÍCULO)\s+(\d+[a-z]*)", RegexOptions.CultureInvariant)]
    private static partial Regex SpanishArticleRegex();

    [GeneratedRegex(@"^(?:Rule|RULE|Règle|Regla)\s+(\d+[a-z]*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex RuleRegex();

    [GeneratedRegex(@"^(?:Статья|СТАТЬЯ)\s+(\d+(?:\.\d+)?)", RegexOptions.CultureInvariant)]
    private static partial Regex RussianArticleRegex();

    [GeneratedRegex(@"^(?:المادة)\s+(\S+)", RegexOptions.CultureInvariant)]
    private static partial Regex ArabicArticleRegex();

    [GeneratedRegex("^第(" + ChineseNumber + ")条(?:之([一二三四五六七八九十]+))?", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseArticleRegex();

    [GeneratedRegex("^第(" + ChineseNumber + ")([编章节])", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseContainerRegex();

    [GeneratedRegex(@"^(PART|Part|PARTIE|Partie|TITLE|Title|TITRE|Titre|Часть|ЧАСТЬ|Раздел|РАЗДЕЛ)\s+([A-Z0-9IVXLC]+|[А-Я0-9IVXLC]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PartRegex();

    [GeneratedRegex(@"^(CHAPTER|Chapter|CHAPITRE|Chapitre|Capítulo|CAPÍTULO|Глава|ГЛАВА)\s+([A-Z0-9IVXLC]+|[0-9IVXLC]+|premier)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ChapterRegex();

    [GeneratedRegex(@"^(SECTION|Section|Sección|SECCIÓN|§)\s*([A-Z0-9IVXLC]+)\b", RegexOptions.CultureInvariant)]
    private static partial Regex SectionRegex();

    [GeneratedRegex(@"^(\d+[a-z]*)\.(\d+)(?:\.|(?=\s)|(?=\*))", RegexOptions.CultureInvariant)]
    private static partial Regex SubRuleRegex();

    [GeneratedRegex(@"^([A-Z])\.(?:\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex LetterRegex();

    [GeneratedRegex(@"^(?:\((\d+)\)\.?|(\d+)\)\.?|(\d+)°|(\d+)\.(?!\d))\s*", RegexOptions.CultureInvariant)]
    private static partial Regex NumberRegex();

    [GeneratedRegex(@"^(?:\(([a-z]{1,5})\)|([a-z]{1,5})\))\s*", RegexOptions.CultureInvariant)]
    private static partial Regex LowerRegex();

    [GeneratedRegex(@"^(?:\(([а-я])\)|([а-я])\))\s*", RegexOptions.CultureInvariant)]
    private static partial Regex CyrillicLowerRegex();

    [GeneratedRegex(@"^[（(]([一二三四五六七八九十]+)[）)]", RegexOptions.CultureInvariant)]
    private static partial Regex ChineseItemRegex();

    [GeneratedRegex(@"^[ivxlc]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RomanRegex();

    /// <summary>Recognises a heading (or a line of its own) that opens a structural unit.</summary>
    public static (PathPart Part, int Length)? Heading(string line)
    {
        Match match;
        if ((match = ArticleRegex().Match(line)).Success)
        {
            var token = match.Groups[1].Value is "premier" or "1er" ? "1" : match.Groups[1].Value;
            var display = match.Groups[1].Value == "premier" ? "Article premier" : "Article " + token;
            return (new PathPart(PartKind.Unit, display, token), match.Length);
        }

        if ((match = SpanishArticleRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Unit, "Artículo " + match.Groups[1].Value, match.Groups[1].Value), match.Length);
        }

        if ((match = RuleRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Unit, "Rule " + match.Groups[1].Value, match.Groups[1].Value), match.Length);
        }

        if ((match = RussianArticleRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Unit, "Статья " + match.Groups[1].Value, match.Groups[1].Value), match.Length);
        }

        if ((match = ArabicArticleRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Unit, "المادة " + match.Groups[1].Value, match.Groups[1].Value), match.Length);
        }

        if ((match = ChineseArticleRegex().Match(line)).Success)
        {
            return (ChineseArticle(match), match.Length);
        }

        if ((match = ChineseContainerRegex().Match(line)).Success)
        {
            var kind = match.Groups[2].Value switch
            {
                "编" => PartKind.Part,
                "章" => PartKind.Chapter,
                _ => PartKind.Section,
            };
            var number = ChineseNumerals.TryParse(match.Groups[1].Value, out var value) ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : match.Groups[1].Value;
            return (new PathPart(kind, match.Value, number), match.Length);
        }

        if ((match = PartRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Part, match.Value, match.Groups[2].Value), match.Length);
        }

        if ((match = ChapterRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Chapter, match.Value, match.Groups[2].Value), match.Length);
        }

        if ((match = SectionRegex().Match(line)).Success)
        {
            return (new PathPart(PartKind.Section, match.Value, match.Groups[2].Value), match.Length);
        }

        return null;
    }

    /// <summary>A Chinese article starts inside its first paragraph: "第十二条 在我国境内……".</summary>
    public static (PathPart Unit, string Remainder)? InlineChineseArticle(string line)
    {
        var match = ChineseArticleRegex().Match(line);
        if (!match.Success)
        {
            return null;
        }

        var rest = line[match.Length..].TrimStart(' ', '\u3000', '：', ':');
        return (ChineseArticle(match), rest);
    }

    private static PathPart ChineseArticle(Match match)
    {
        var number = ChineseNumerals.TryParse(match.Groups[1].Value, out var value) ? value.ToString(System.Globalization.CultureInfo.InvariantCulture) : match.Groups[1].Value;
        var display = match.Value;
        return new PathPart(PartKind.Unit, display, number);
    }

    /// <summary>
    /// Recognises the numbering at the start of a paragraph. <paramref name="current"/> is the open path,
    /// used to tell "(i)" the roman numeral from "(i)" the letter after "(h)".
    /// </summary>
    public static PathPart? Paragraph(string line, IReadOnlyList<PathPart> current, bool afterListIntroduction = false)
    {
        Match match;
        var unit = current.LastOrDefault(p => p.Kind == PartKind.Unit);
        if ((match = SubRuleRegex().Match(line)).Success && unit is not null && match.Groups[1].Value == unit.Token)
        {
            var token = match.Groups[1].Value + "." + match.Groups[2].Value;
            return new PathPart(PartKind.SubRule, token, token);
        }

        if ((match = ChineseItemRegex().Match(line)).Success)
        {
            return new PathPart(PartKind.Item, "（" + match.Groups[1].Value + "）", match.Groups[1].Value);
        }

        if ((match = LetterRegex().Match(line)).Success)
        {
            return new PathPart(PartKind.Letter, match.Groups[1].Value, match.Groups[1].Value);
        }

        if ((match = NumberRegex().Match(line)).Success)
        {
            var token = FirstGroup(match);
            return new PathPart(PartKind.Number, "(" + token + ")", token);
        }

        if ((match = LowerRegex().Match(line)).Success)
        {
            var token = FirstGroup(match);
            if (IsRoman(token, current, afterListIntroduction))
            {
                return new PathPart(PartKind.Roman, "(" + token + ")", token);
            }

            return token.Length == 1 ? new PathPart(PartKind.Lower, "(" + token + ")", token) : null;
        }

        if ((match = CyrillicLowerRegex().Match(line)).Success)
        {
            var token = FirstGroup(match);
            return new PathPart(PartKind.Lower, "(" + token + ")", token);
        }

        return null;
    }

    private static bool IsRoman(string token, IReadOnlyList<PathPart> current, bool afterListIntroduction)
    {
        if (!RomanRegex().IsMatch(token))
        {
            return false;
        }

        if (token.Length > 1)
        {
            return true;
        }

        if (token is "c" or "l")
        {
            return false;
        }

        // "(i)" right after "(h)" continues a lettered list, unless "(h)" ended by announcing a list.
        if (afterListIntroduction)
        {
            return true;
        }

        var lastLetter = current.LastOrDefault(p => p.Kind == PartKind.Lower);
        return lastLetter is null || lastLetter.Token[0] + 1 != token[0];
    }

    private static string FirstGroup(Match match)
    {
        for (var i = 1; i < match.Groups.Count; i++)
        {
            if (match.Groups[i].Success)
            {
                return match.Groups[i].Value;
            }
        }

        return match.Value;
    }
}
