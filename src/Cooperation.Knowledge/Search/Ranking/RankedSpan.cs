namespace Cooperation.Knowledge.Search.Ranking;

/// <summary>
/// A quotable stretch of a found passage (a sentence, or a sentence with the list it introduces), what the ranking
/// model reads of it, and the model's score. Passages rank by their best span; the answer quotes the best spans.
/// </summary>
/// <param name="PassageRank">The passage's place in the first-stage (BM25) order, from 0.</param>
internal sealed record RankedSpan(KnowledgeHit Passage, int PassageRank, string Text, int Offset, float[] Features)
{
    public double Score { get; set; }
}

/// <summary>The reranked passages of a search and the ranked spans they hold, best first.</summary>
internal sealed record RankedSearch(IReadOnlyList<KnowledgeHit> Passages, IReadOnlyList<RankedSpan> Spans)
{
    public static RankedSearch Empty { get; } = new([], []);
}
