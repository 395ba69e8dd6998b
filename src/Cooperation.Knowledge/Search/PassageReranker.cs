using Cooperation.Knowledge.Search.Ranking;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// Reorders the first passages the index found by what the learned ranking model makes of their spans: each span is
/// scored from its <see cref="SpanFeatures"/>, and a passage ranks by its best span. BM25 alone rewards repeating one
/// word; the model, trained on questions and the sentences that answer them, rewards answering.
/// </summary>
internal sealed class PassageReranker(SpanFeatures features, RankingModels models)
{
    /// <param name="hits">The passages in first-stage order.</param>
    /// <param name="weights">How much each unit of the question counts (its rarity in the materials).</param>
    public RankedSearch Rerank(QueryPlan plan, IReadOnlyList<KnowledgeHit> hits, IReadOnlyDictionary<QueryUnit, double> weights)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(hits);
        var spans = features.Read(plan, hits, weights);
        return spans.Count == 0 ? new RankedSearch(hits, []) : Order(hits, spans, f => models.Ranker.Score(f));
    }

    /// <summary>Scores every span, puts the spans best first and the passages in the order of their best span.</summary>
    internal static RankedSearch Order(IReadOnlyList<KnowledgeHit> hits, List<RankedSpan> spans, Func<float[], double> score)
    {
        var best = new Dictionary<KnowledgeHit, double>(ReferenceEqualityComparer.Instance);
        foreach (var span in spans)
        {
            span.Score = score(span.Features);
            best[span.Passage] = Math.Max(best.GetValueOrDefault(span.Passage, double.MinValue), span.Score);
        }

        // Between equal scores the first-stage order stands (both sorts are stable).
        var passages = hits.OrderByDescending(h => best.GetValueOrDefault(h, double.MinValue)).ToList();
        var ordered = spans.OrderByDescending(s => s.Score).ThenBy(s => s.PassageRank).ThenBy(s => s.Offset).ToList();
        return new RankedSearch(passages, ordered);
    }

    /// <summary>Whether a sentence that speaks to the question states what kind of answer it wants.</summary>
    public static bool FitsAnswerType(QuestionIntent intent, string sentence) => intent switch
    {
        QuestionIntent.Duration => TimeExpressions.Durations(sentence).Count > 0,
        QuestionIntent.Date => TimeExpressions.HasDate(sentence) || TimeExpressions.Durations(sentence).Count > 0,
        QuestionIntent.Count => TimeExpressions.HasAmount(sentence) || TimeExpressions.HasQuantity(sentence),
        QuestionIntent.Amount => TimeExpressions.HasAmount(sentence),
        _ => false,
    };
}
