using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search;

/// <summary>Tells which units of a query plan a piece of text contains, in the text's own language.</summary>
public sealed class UnitMatcher(LanguageAnalyzers analyzers)
{
    /// <param name="alsoEnglish">Also read the text as English: titles and headings of any document often are.</param>
    public HashSet<QueryUnit> Matches(QueryPlan plan, string text, string language, bool alsoEnglish = false)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(text);
        var own = analyzers.Terms(language, text).ToHashSet(StringComparer.Ordinal);
        var neutral = analyzers.NeutralTerms(text).ToHashSet(StringComparer.Ordinal);
        var english = language == LanguageDetector.English ? own : alsoEnglish ? analyzers.Terms(LanguageDetector.English, text).ToHashSet(StringComparer.Ordinal) : null;
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
                if (terms is not null && alternative.Terms.All(terms.Contains))
                {
                    matched.Add(unit);
                    break;
                }
            }
        }

        return matched;
    }
}
