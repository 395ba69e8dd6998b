using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering;

/// <summary>Tells which units of a query plan a piece of text contains, in the text's own language.</summary>
public sealed class PassageMatcher(LanguageAnalyzers analyzers)
{
    private readonly UnitMatcher _matcher = new(analyzers);

    public HashSet<QueryUnit> Matches(QueryPlan plan, string text, string language, bool alsoEnglish = false) =>
        _matcher.Matches(plan, text, language, alsoEnglish);
}
