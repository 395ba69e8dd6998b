using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering;

/// <summary>Tells which units of a query plan a piece of text contains, in the text's own language.</summary>
internal sealed class PassageMatcher(LanguageAnalyzers analyzers)
{
    /// <summary>The matcher itself, for reading a text once and matching many stretches of it.</summary>
    public UnitMatcher Units { get; } = new(analyzers);

    public HashSet<QueryUnit> Matches(QueryPlan plan, string text, string language, bool alsoEnglish = false) =>
        Units.Matches(plan, text, language, alsoEnglish);
}
