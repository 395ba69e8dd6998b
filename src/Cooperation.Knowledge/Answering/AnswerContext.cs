using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering;

/// <summary>What the search found for a question, and how well it supports an answer.</summary>
internal sealed record AnswerContext(
    string Question,
    QueryPlan Plan,
    IReadOnlyList<KnowledgeHit> Passages,
    Evidence Evidence,
    double BestCoverage);

/// <summary>A sentence of a passage, where it starts, and how much of the question it supports.</summary>
internal sealed record CandidateSentence(KnowledgeHit Passage, string Text, int Offset, double Support);
