using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;

namespace Cooperation.Knowledge.Answering;

/// <summary>What the search found for a question, and how well it supports an answer.</summary>
/// <param name="Spans">The quotable spans of the passages the search read, ranked by the learned model, best first.</param>
internal sealed record AnswerContext(
    string Question,
    QueryPlan Plan,
    IReadOnlyList<KnowledgeHit> Passages,
    Evidence Evidence,
    double BestCoverage,
    IReadOnlyList<RankedSpan> Spans)
{
    /// <summary>The ranked spans of the passages the answer may quote (the first PassagesToRead), best first.</summary>
    public List<RankedSpan> QuotableSpans()
    {
        var readable = new HashSet<KnowledgeHit>(Passages, ReferenceEqualityComparer.Instance);
        return Spans.Where(s => readable.Contains(s.Passage)).ToList();
    }
}
