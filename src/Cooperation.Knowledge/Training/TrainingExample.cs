using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Training;

/// <summary>
/// One training question and what the search found for it: every span of the passages the reranker reads, each with its
/// features and whether it holds the question's evidence, and what the answer model needs besides.
/// </summary>
internal sealed class TrainingExample
{
    public required EvaluationQuestion Question { get; init; }

    public required QueryPlan Plan { get; init; }

    public required Evidence Evidence { get; init; }

    public required List<RankedSpan> Spans { get; init; }

    /// <summary>Relevance of each span, in the order of <see cref="Spans"/>: <see cref="EvidenceLabel"/> when it holds (part of) an evidence quote of the expected document, else 0.</summary>
    public required float[] Labels { get; init; }

    /// <summary>The cross-validation fold: questions of one document always share one, so no fold is judged on a document it trained on.</summary>
    public int Fold { get; set; }

    public bool HasRelevantSpan => Labels.Any(l => l >= EvidenceLabel);

    /// <summary>The label of a span that holds the evidence.</summary>
    public const float EvidenceLabel = 1;

    public bool IsRelevant(RankedSpan span)
    {
        var index = Spans.IndexOf(span);
        return index >= 0 && Labels[index] >= EvidenceLabel;
    }

    /// <summary>Whether a span holds evidence: it contains a quote, or a quote contains it, or it holds the start or end of a quote that runs over two sentences.</summary>
    public static bool HoldsEvidence(string span, IReadOnlyList<string> evidence) =>
        evidence.Any(quote =>
            TextNormalizer.ContainsQuote(span, quote)
            || (span.Length >= 20 && TextNormalizer.ContainsQuote(quote, span))
            || (quote.Length >= 40 && (TextNormalizer.ContainsQuote(span, quote[..30]) || TextNormalizer.ContainsQuote(span, quote[^30..]))));

    /// <summary>The context the assistant would answer from, with the spans scored and ordered by <paramref name="score"/>.</summary>
    public AnswerContext Context(Func<float[], double> score, int passagesToRead, PassageMatcher matcher)
    {
        var hits = Spans.Select(s => (s.PassageRank, s.Passage)).DistinctBy(p => p.PassageRank).OrderBy(p => p.PassageRank).Select(p => p.Passage).ToList();
        var ranked = PassageReranker.Order(hits, Spans, score);
        var passages = ranked.Passages.Take(passagesToRead).ToList();
        return new AnswerContext(Question.Question, Plan, passages, Evidence, Evidence.BestCoverage(Plan, passages, matcher), ranked.Spans);
    }
}
