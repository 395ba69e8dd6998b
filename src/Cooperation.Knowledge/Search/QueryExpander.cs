using System.Text.RegularExpressions;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Terminology;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// Breaks a question into units and writes each unit the way it would appear in every language's field:
/// glossary concepts become their translations, numbers all their spellings, article references
/// phrases. The same plan drives the Lucene query and the choice of answer sentences.
/// </summary>
internal sealed partial class QueryExpander
{
    private static readonly IReadOnlyList<string> Languages = LanguageDetector.Supported;
    private readonly LanguageAnalyzers _analyzers;
    private readonly IpTerminology _terminology;
    private readonly Dictionary<string, List<(TermConcept Concept, IReadOnlyList<string> Terms)>> _latinIndex = new(StringComparer.Ordinal);
    private readonly List<(TermConcept Concept, string Variant)> _chineseVariants = [];
    private readonly Dictionary<int, List<UnitAlternative>> _conceptAlternatives = [];
    private const string TimeLimitKey = "c_time_limit";
    private readonly TermConcept? _timeLimit;

    public QueryExpander(LanguageAnalyzers analyzers, IpTerminology terminology)
    {
        _analyzers = analyzers;
        _terminology = terminology;
        foreach (var concept in terminology.Concepts)
        {
            var alternatives = new List<UnitAlternative>();
            foreach (var (language, variants) in concept.Variants)
            {
                foreach (var variant in variants)
                {
                    var terms = analyzers.Terms(language, variant);
                    if (terms.Count == 0)
                    {
                        continue;
                    }

                    // "by when" analyses to "when": too loose to stand for the concept anywhere.
                    if (terms.Count == 1 && QuestionWords.IsInterrogative(language, terms[0]))
                    {
                        continue;
                    }

                    alternatives.Add(new UnitAlternative(IndexFields.TextField(language), language, terms));

                    if (language == LanguageDetector.Chinese)
                    {
                        _chineseVariants.Add((concept, variant));
                    }
                    else
                    {
                        var key = language + ":" + terms[0];
                        if (!_latinIndex.TryGetValue(key, out var list))
                        {
                            _latinIndex[key] = list = [];
                        }

                        list.Add((concept, terms));
                    }
                }
            }

            _conceptAlternatives[concept.Id] = alternatives.DistinctBy(a => a.Field + "\u0001" + string.Join(' ', a.Terms)).ToList();
        }

        _chineseVariants.Sort((a, b) => b.Variant.Length.CompareTo(a.Variant.Length));
        _timeLimit = terminology.Concepts.FirstOrDefault(c => ConceptTagger.Key(c) == TimeLimitKey);
    }

    public IpTerminology Terminology => _terminology;

    public QueryPlan Expand(string question)
    {
        ArgumentNullException.ThrowIfNull(question);
        var text = TextNormalizer.NormalizeWhitespace(question);
        var language = LanguageDetector.Detect(text);
        var units = new List<QueryUnit>();
        AddReferences(text, units);
        if (language == LanguageDetector.Chinese)
        {
            ExpandChinese(text, units);
        }
        else
        {
            ExpandWords(text, language, units);
        }

        var intent = DetectIntent(text, language);
        var quoted = QuotedRegex().Matches(text).Select(m => m.Groups["q"].Value).Where(q => q.Length > 0).ToList();
        if (quoted.Count > 0)
        {
            units = units.Select(u => quoted.Any(q => q.Contains(u.Source, StringComparison.OrdinalIgnoreCase)) ? u with { InQuotedName = true } : u).ToList();
        }

        return new QueryPlan(text, language, intent, units, Names(text), AnswerHints(intent, units));
    }

    /// <summary>A question about a period or a deadline looks for the provision that sets a time limit.</summary>
    private List<QueryUnit> AnswerHints(QuestionIntent intent, List<QueryUnit> units)
    {
        if (intent is not (QuestionIntent.Duration or QuestionIntent.Date) || _timeLimit is null || units.Any(u => u.ConceptKey == ConceptTagger.Key(_timeLimit)))
        {
            return [];
        }

        return [new QueryUnit(QueryUnitKind.Concept, "time limit", _conceptAlternatives[_timeLimit.Id], ConceptTagger.Key(_timeLimit))];
    }

    private void ExpandWords(string text, string language, List<QueryUnit> units)
    {
        var words = WordRegex().Matches(text).Select(m => m.Value).ToList();
        var stems = words.Select(w => _analyzers.Terms(language, w) is { Count: > 0 } t ? t[0] : null).ToList();
        var positions = Enumerable.Range(0, words.Count).Where(i => stems[i] is not null).ToList();
        var covered = new bool[words.Count];
        for (var p = 0; p < positions.Count; p++)
        {
            var start = positions[p];
            if (covered[start] || !_latinIndex.TryGetValue(language + ":" + stems[start], out var candidates))
            {
                continue;
            }

            (TermConcept Concept, IReadOnlyList<string> Terms)? best = null;
            foreach (var candidate in candidates)
            {
                if (p + candidate.Terms.Count > positions.Count || (best is not null && best.Value.Terms.Count >= candidate.Terms.Count))
                {
                    continue;
                }

                var matches = true;
                for (var k = 0; k < candidate.Terms.Count && matches; k++)
                {
                    var position = positions[p + k];
                    matches = !covered[position] && stems[position] == candidate.Terms[k];
                }

                if (matches)
                {
                    best = candidate;
                }
            }

            if (best is null)
            {
                continue;
            }

            var source = new List<string>();
            for (var k = 0; k < best.Value.Terms.Count; k++)
            {
                covered[positions[p + k]] = true;
                source.Add(words[positions[p + k]]);
            }

            // "fee ... charge" names one concept twice; it counts once.
            if (!units.Any(u => u.ConceptKey == ConceptTagger.Key(best.Value.Concept)))
            {
                units.Add(new QueryUnit(QueryUnitKind.Concept, string.Join(' ', source), _conceptAlternatives[best.Value.Concept.Id], ConceptTagger.Key(best.Value.Concept), NamesScope: best.Value.Concept.NamesScope));
            }

            p += best.Value.Terms.Count - 1;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < words.Count; i++)
        {
            if (covered[i])
            {
                continue;
            }

            var word = words[i];
            if (NumberWords.TryParse(word.ToLowerInvariant(), out var number) && !IsYear(word))
            {
                if (seen.Add("#" + number))
                {
                    units.Add(NumberUnit(word, number));
                }

                continue;
            }

            if (stems[i] is null || QuestionWords.IsQuestionWord(language, word) || !seen.Add(stems[i]!))
            {
                continue;
            }

            units.Add(WordUnit(word, language));
        }
    }

    private void ExpandChinese(string text, List<QueryUnit> units)
    {
        var remaining = text;
        foreach (var (concept, variant) in _chineseVariants)
        {
            var index = remaining.IndexOf(variant, StringComparison.Ordinal);
            if (index < 0)
            {
                continue;
            }

            if (!units.Any(u => u.ConceptKey == ConceptTagger.Key(concept)))
            {
                units.Add(new QueryUnit(QueryUnitKind.Concept, variant, _conceptAlternatives[concept.Id], ConceptTagger.Key(concept), NamesScope: concept.NamesScope));
            }

            remaining = remaining[..index] + " " + remaining[(index + variant.Length)..];
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var token in _analyzers.Terms(LanguageDetector.Chinese, remaining))
        {
            if (QuestionWords.IsQuestionWord(LanguageDetector.Chinese, token) || !seen.Add(token))
            {
                continue;
            }

            if (token.All(char.IsAsciiDigit) && NumberWords.TryParse(token, out var number) && !IsYear(token))
            {
                units.Add(NumberUnit(token, number));
                continue;
            }

            // Single characters other than Han words carry little; single Han characters are often whole words.
            if (token.Length == 1 && !TextNormalizer.IsHan(token[0]))
            {
                continue;
            }

            units.Add(new QueryUnit(QueryUnitKind.Word, token,
            [
                new UnitAlternative(IndexFields.TextField(LanguageDetector.Chinese), LanguageDetector.Chinese, [token]),
                .. NeutralAlternative(token),
            ]));
        }
    }

    private QueryUnit WordUnit(string word, string language)
    {
        var alternatives = new List<UnitAlternative>();
        foreach (var target in Languages)
        {
            if (target is LanguageDetector.Chinese or LanguageDetector.Arabic || (target == LanguageDetector.Russian) != (language == LanguageDetector.Russian))
            {
                continue;
            }

            // Other Latin-script languages share many legal words ("convention", "international", "article").
            var terms = _analyzers.Terms(target, word);
            if (terms.Count == 1 && (target == language || terms[0].Length >= 5))
            {
                alternatives.Add(new UnitAlternative(IndexFields.TextField(target), target, terms));
            }
        }

        alternatives.AddRange(NeutralAlternative(word));
        return new QueryUnit(QueryUnitKind.Word, word, alternatives);
    }

    private QueryUnit NumberUnit(string source, int number)
    {
        var alternatives = new List<UnitAlternative>();
        foreach (var spelling in NumberWords.Spellings(number))
        {
            foreach (var language in Languages)
            {
                var terms = _analyzers.Terms(language, spelling);
                if (terms.Count == 1)
                {
                    alternatives.Add(new UnitAlternative(IndexFields.TextField(language), language, terms));
                }
            }
        }

        alternatives.AddRange(NeutralAlternative(number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return new QueryUnit(QueryUnitKind.Number, source, alternatives.DistinctBy(a => a.Field + ":" + string.Join(' ', a.Terms)).ToList());
    }

    private IEnumerable<UnitAlternative> NeutralAlternative(string text)
    {
        var terms = _analyzers.NeutralTerms(text);
        if (terms.Count > 0)
        {
            yield return new UnitAlternative(IndexFields.NeutralText, string.Empty, terms);
        }
    }

    private void AddReferences(string text, List<QueryUnit> units)
    {
        foreach (Match match in ReferenceRegex().Matches(text))
        {
            var terms = _analyzers.NeutralTerms(match.Value);
            if (terms.Count == 0)
            {
                continue;
            }

            units.Add(new QueryUnit(QueryUnitKind.Reference, match.Value,
            [
                new UnitAlternative(IndexFields.LabelText, string.Empty, terms),
                new UnitAlternative(IndexFields.NeutralText, string.Empty, terms),
            ]));
        }
    }

    private static QuestionIntent DetectIntent(string text, string language)
    {
        var lower = text.ToLowerInvariant();
        if (language == LanguageDetector.Chinese)
        {
            if (lower.Contains("多长", StringComparison.Ordinal) || lower.Contains("多久", StringComparison.Ordinal) || lower.Contains("期限是", StringComparison.Ordinal))
            {
                return QuestionIntent.Duration;
            }

            if (lower.Contains("多少钱", StringComparison.Ordinal) || lower.Contains("金额", StringComparison.Ordinal) || lower.Contains("费用是多少", StringComparison.Ordinal) || lower.Contains("费是多少", StringComparison.Ordinal))
            {
                return QuestionIntent.Amount;
            }

            if (lower.Contains("多少", StringComparison.Ordinal) || lower.Contains("几", StringComparison.Ordinal))
            {
                return QuestionIntent.Count;
            }

            if (lower.Contains("何时", StringComparison.Ordinal) || lower.Contains("什么时候", StringComparison.Ordinal) || lower.Contains("哪一天", StringComparison.Ordinal))
            {
                return QuestionIntent.Date;
            }

            return lower.Contains("是否", StringComparison.Ordinal) || lower.Contains("能否", StringComparison.Ordinal) || lower.Contains("可否", StringComparison.Ordinal) || lower.EndsWith("吗？", StringComparison.Ordinal) || lower.EndsWith('吗')
                ? QuestionIntent.YesNo
                : QuestionIntent.General;
        }

        if (DurationRegex().IsMatch(lower))
        {
            return QuestionIntent.Duration;
        }

        if (AmountRegex().IsMatch(lower))
        {
            return QuestionIntent.Amount;
        }

        if (CountRegex().IsMatch(lower))
        {
            return QuestionIntent.Count;
        }

        if (DateRegex().IsMatch(lower))
        {
            return QuestionIntent.Date;
        }

        return YesNoRegex().IsMatch(lower) ? QuestionIntent.YesNo : QuestionIntent.General;
    }

    /// <summary>Capitalised names of two or more words ("Berne Convention") and years the question mentions.</summary>
    private static List<string> Names(string text)
    {
        var names = new List<string>();
        foreach (Match match in NameRegex().Matches(text))
        {
            names.Add(match.Value);
        }

        foreach (Match match in YearRegex().Matches(text))
        {
            names.Add(match.Value);
        }

        return names;
    }

    private static bool IsYear(string word) => word.Length == 4 && int.TryParse(word, out var year) && year is >= 1800 and <= 2100;

    [GeneratedRegex(@"[\p{L}\p{N}]+(?:['’][\p{L}]+)?", RegexOptions.CultureInvariant)]
    private static partial Regex WordRegex();

    [GeneratedRegex(@"\b(?:Article|Art\.|Rule|Règle|Artículo|Статья)\s+\d+[a-z]*(?:\.\d+)?(?:[A-Z](?![a-z]))?(?:\(\w+\))*|第[〇零一二两三四五六七八九十百千0-9]+条", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceRegex();

    [GeneratedRegex(@"\bhow long\b|\bwithin what (?:period|time)\b|\bwhat is the (?:time limit|deadline|period|term)\b|\bhow much time\b|\bby when\b|\buntil when\b|\bhow soon\b|\bwhat (?:time limit|period|deadline)\b|\bwhen,? at the (?:earliest|latest)\b|\bduration\b|\b(?:latest|earliest|last) (?:date|day|time|moment)\b|\bhow many (?:days|weeks|months|years)\b", RegexOptions.CultureInvariant)]
    private static partial Regex DurationRegex();

    [GeneratedRegex(@"\bhow many\b|\bhow much\b|\bwhat (?:number|amount)\b", RegexOptions.CultureInvariant)]
    private static partial Regex CountRegex();

    [GeneratedRegex(@"\bhow much (?:is|are|does|do|will|would|must|should|shall|has|have)\b|\bhow much money\b|\bwhat (?:is the )?(?:amount|price|cost)\b|\bwhat does it cost\b|\bhow expensive\b|\bby (?:how much|what percentage)\b|\bwhat percentage\b", RegexOptions.CultureInvariant)]
    private static partial Regex AmountRegex();

    // "When" asks for a time only where it opens the question; inside it, it sets a condition ("what must it contain when received").
    [GeneratedRegex(@"\bwhat date\b|\bon what day\b|\bwhich day\b|\bfrom what date\b|^(?:and |so |then )?when\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateRegex();

    [GeneratedRegex(@"^(?:is|are|was|were|can|could|does|do|did|may|might|must|shall|should|will|would|has|have)\b", RegexOptions.CultureInvariant)]
    private static partial Regex YesNoRegex();

    [GeneratedRegex(@"(?<![.?!]\s)(?<!^)\b(?:[A-Z][\w’'-]*[a-z][\w-]*|[A-Z]{2,})(?:\s+(?:(?:of|and|for|on|the|de|du|des)\s+)*(?:[A-Z][\w’'-]*|[A-Z]{2,}))+", RegexOptions.CultureInvariant)]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"《(?<q>[^》]{2,200})》|“(?<q>[^”]{2,200})”|«\s*(?<q>[^»]{2,200}?)\s*»|「(?<q>[^」]{2,200})」|""(?<q>[^""]{2,200})""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedRegex();

    [GeneratedRegex(@"\b(?:18|19|20)\d{2}\b", RegexOptions.CultureInvariant)]
    private static partial Regex YearRegex();
}
