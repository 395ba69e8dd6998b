using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// Tells which units of a query plan a piece of text contains, in the text's own language. A wording of
/// several words counts only where they stand in order and close together, as the index's phrase search
/// finds them: "international application" is not in "the applicant ... the international search".
/// </summary>
public sealed class UnitMatcher(LanguageAnalyzers analyzers)
{
    /// <summary>Words allowed between two words of a wording, as in the index's phrase queries.</summary>
    private const int LatinSlop = 3;
    private const int ChineseSlop = 1;

    /// <param name="alsoEnglish">Also read the text as English: titles and headings of any document often are.</param>
    public HashSet<QueryUnit> Matches(QueryPlan plan, string text, string language, bool alsoEnglish = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(text);
        var own = new AnalysedText(analyzers.TermPositions(language, text));
        var neutral = new AnalysedText(analyzers.NeutralTermPositions(text));
        var english = language == LanguageDetector.English ? own : alsoEnglish ? new AnalysedText(analyzers.TermPositions(LanguageDetector.English, text)) : null;
        var matched = new HashSet<QueryUnit>(ReferenceEqualityComparer.Instance);
        foreach (var unit in plan.Units)
        {
            foreach (var alternative in unit.Alternatives)
            {
                var terms = alternative.Field == IndexFields.NeutralText || alternative.Field == IndexFields.LabelText
                    ? neutral
                    : alternative.Language == language ? own
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

    /// <summary>The terms of a text with where each occurs.</summary>
    private sealed class AnalysedText
    {
        private readonly Dictionary<string, List<int>> _positions = new(StringComparer.Ordinal);

        public AnalysedText(IReadOnlyList<(string Term, int Position)> terms)
        {
            foreach (var (term, position) in terms)
            {
                if (!_positions.TryGetValue(term, out var list))
                {
                    _positions[term] = list = [];
                }

                list.Add(position);
            }
        }

        public bool ContainsAll(IReadOnlyList<string> terms) => terms.All(_positions.ContainsKey);

        public bool ContainsInOrder(IReadOnlyList<string> terms, int slop)
        {
            if (terms.Count == 0 || !_positions.TryGetValue(terms[0], out var starts))
            {
                return false;
            }

            foreach (var start in starts)
            {
                var position = start;
                var found = true;
                for (var k = 1; k < terms.Count && found; k++)
                {
                    found = _positions.TryGetValue(terms[k], out var next) && next.Exists(p => p > position && p - position <= slop + 1);
                    if (found)
                    {
                        position = next!.First(p => p > position && p - position <= slop + 1);
                    }
                }

                if (found)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
