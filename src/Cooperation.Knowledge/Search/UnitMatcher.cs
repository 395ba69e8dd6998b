using System.Runtime.CompilerServices;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// Tells which units of a query plan a piece of text contains, in the text's own language. A wording of
/// several words counts only where they stand in order and close together, as the index's phrase search
/// finds them: "international application" is not in "the applicant ... the international search".
/// </summary>
internal sealed class UnitMatcher(LanguageAnalyzers analyzers)
{
    /// <summary>Words allowed between two words of a wording, as in the index's phrase queries.</summary>
    private const int LatinSlop = 3;
    private const int ChineseSlop = 1;

    /// <summary>One cache per set of analyzers, shared by the reranker's matcher and the answerer's.</summary>
    private static readonly ConditionalWeakTable<LanguageAnalyzers, AnalysedTextCache> Caches = [];

    private readonly AnalysedTextCache _cache = Caches.GetValue(analyzers, _ => new AnalysedTextCache(AnalysedTextCache.DefaultCapacity));

    /// <param name="alsoEnglish">Also read the text as English: titles and headings of any document often are.</param>
    public HashSet<QueryUnit> Matches(QueryPlan plan, string text, string language, bool alsoEnglish = false) =>
        Matches(plan, Read(text, language, alsoEnglish));

    /// <summary>
    /// Analyses a text once, so that many stretches of it can be matched without analysing it again. Recently read
    /// texts are not analysed again at all: the same passages come back for many questions.
    /// </summary>
    public ReadText Read(string text, string language, bool alsoEnglish = false)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(language);

        // English text is read as English either way.
        alsoEnglish = alsoEnglish && language != LanguageDetector.English;
        return _cache.GetOrAdd(text, language, alsoEnglish, () => Analyse(text, language, alsoEnglish));
    }

    private ReadText Analyse(string text, string language, bool alsoEnglish)
    {
        var own = analyzers.Analyse(language, text);
        var english = language == LanguageDetector.English ? own : alsoEnglish ? analyzers.Analyse(LanguageDetector.English, text) : null;
        return new ReadText(language, own, analyzers.AnalyseNeutral(text), english);
    }

    /// <summary>The units found between characters <paramref name="start"/> (inclusive) and <paramref name="end"/> (exclusive).</summary>
    public HashSet<QueryUnit> Matches(QueryPlan plan, ReadText text, int start = 0, int end = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(text);
        var own = new Stretch(text.OwnPositions, start, end);
        var neutral = new Stretch(text.NeutralPositions, start, end);
        var english = text.Language == LanguageDetector.English ? own : text.EnglishPositions is null ? null : new Stretch(text.EnglishPositions, start, end);
        var matched = new HashSet<QueryUnit>(ReferenceEqualityComparer.Instance);
        foreach (var unit in plan.Units)
        {
            foreach (var alternative in unit.Alternatives)
            {
                var terms = alternative.Field == IndexFields.NeutralText || alternative.Field == IndexFields.LabelText
                    ? neutral
                    : alternative.Language == text.Language ? own
                    : alternative.Language == LanguageDetector.English ? english
                    : null;
                var slop = alternative.Language == LanguageDetector.Chinese ? ChineseSlop : LatinSlop;
                if (terms is not null && (alternative.Field == IndexFields.LabelText ? terms.ContainsAll(alternative.Terms) : terms.ContainsInOrder(alternative.Terms, slop)))
                {
                    matched.Add(unit);
                    break;
                }
            }
        }

        return matched;
    }

    /// <summary>A text analysed in its own language, language-neutrally and, if asked, as English.</summary>
    public sealed class ReadText
    {
        internal ReadText(string language, IReadOnlyList<AnalysedTerm> own, IReadOnlyList<AnalysedTerm> neutral, IReadOnlyList<AnalysedTerm>? english)
        {
            Language = language;
            OwnPositions = Index(own);
            NeutralPositions = Index(neutral);
            EnglishPositions = english is null ? null : ReferenceEquals(english, own) ? OwnPositions : Index(english);
        }

        internal string Language { get; }

        internal Dictionary<string, List<AnalysedTerm>> OwnPositions { get; }

        internal Dictionary<string, List<AnalysedTerm>> NeutralPositions { get; }

        internal Dictionary<string, List<AnalysedTerm>>? EnglishPositions { get; }

        private static Dictionary<string, List<AnalysedTerm>> Index(IReadOnlyList<AnalysedTerm> terms)
        {
            var index = new Dictionary<string, List<AnalysedTerm>>(StringComparer.Ordinal);
            foreach (var term in terms)
            {
                if (!index.TryGetValue(term.Term, out var list))
                {
                    index[term.Term] = list = [];
                }

                list.Add(term);
            }

            return index;
        }
    }

    /// <summary>The occurrences of terms that start between two characters of a text.</summary>
    private sealed class Stretch(Dictionary<string, List<AnalysedTerm>> positions, int start, int end)
    {
        private bool Has(string term) => positions.TryGetValue(term, out var list) && list.Exists(t => t.Start >= start && t.Start < end);

        public bool ContainsAll(IReadOnlyList<string> terms)
        {
            foreach (var term in terms)
            {
                if (!Has(term))
                {
                    return false;
                }
            }

            return true;
        }

        public bool ContainsInOrder(IReadOnlyList<string> terms, int slop)
        {
            if (terms.Count == 0 || !positions.TryGetValue(terms[0], out var starts))
            {
                return false;
            }

            foreach (var first in starts)
            {
                if (first.Start >= start && first.Start < end && Follows(terms, 1, first.Position, slop))
                {
                    return true;
                }
            }

            return false;
        }

        private bool Follows(IReadOnlyList<string> terms, int index, int previous, int slop)
        {
            if (index == terms.Count)
            {
                return true;
            }

            if (!positions.TryGetValue(terms[index], out var next))
            {
                return false;
            }

            foreach (var term in next)
            {
                if (term.Start >= start && term.Start < end && term.Position > previous && term.Position - previous <= slop + 1 && Follows(terms, index + 1, term.Position, slop))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
