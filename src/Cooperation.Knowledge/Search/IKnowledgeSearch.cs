using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Search.Ranking;

namespace Cooperation.Knowledge.Search;

/// <summary>A passage found by the search, with what is needed to cite it.</summary>
/// <param name="DocumentHeading">The title line written in the document itself, which may differ from the stored title.</param>
internal sealed record KnowledgeHit(
    Guid WorkspaceId,
    Guid DocumentId,
    int Version,
    string Title,
    string Language,
    string Section,
    string SectionPath,
    string Heading,
    int? Page,
    string Text,
    float Score,
    IReadOnlyList<SectionAnchor> Anchors,
    string DocumentHeading = "")
{
    /// <summary>The citation label of the paragraph holding the character at <paramref name="offset"/>.</summary>
    public string SectionAt(int offset)
    {
        var label = Section;
        foreach (var anchor in Anchors)
        {
            if (anchor.Offset > offset)
            {
                break;
            }

            label = anchor.Label;
        }

        return label;
    }
}

/// <summary>Ranked search over the indexed materials, always limited to the given workspaces.</summary>
internal interface IKnowledgeSearch
{
    /// <param name="workspaceIds">The workspaces the caller may read; an empty set finds nothing.</param>
    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken);

    /// <summary>Turns a question into its multilingual query plan (what the search looks for).</summary>
    QueryPlan Plan(string query);

    /// <summary>Searches with a plan already made, so the answerer and the search agree on the units.</summary>
    Task<IReadOnlyList<KnowledgeHit>> SearchAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken);

    /// <summary>
    /// The first <paramref name="top"/> passages as reranked, and every quotable span of the passages the reranker read
    /// (more than <paramref name="top"/>), each with its features and score, best first.
    /// </summary>
    Task<RankedSearch> SearchRankedAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken);

    /// <summary>Every passage of a document, if it lies in one of the given workspaces (used to check citations).</summary>
    Task<IReadOnlyList<KnowledgeHit>> PassagesOfAsync(Guid documentId, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken);

    /// <summary>In how many readable passages a unit occurs at all; 0 means the materials never mention it.</summary>
    Task<CorpusStatistics> StatisticsAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken);
}

/// <summary>Document frequencies of a plan's units within the readable workspaces.</summary>
internal sealed record CorpusStatistics(int PassageCount, IReadOnlyDictionary<QueryUnit, int> UnitFrequencies, IReadOnlyDictionary<string, int> NameWordFrequencies);
