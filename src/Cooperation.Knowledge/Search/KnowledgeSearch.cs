using System.Diagnostics;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Embeddings;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Search.Ranking;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// Ranked search over the index. Every query carries the reader's workspaces as a filter inside Lucene, so nothing
/// outside them is ever scored or returned; the first passages BM25 finds (fused with the nearest vectors when
/// embeddings are on) are reordered by the <see cref="PassageReranker"/>.
/// </summary>
/// <param name="embedder">Null unless Knowledge:Embeddings:Provider turns embeddings on.</param>
internal sealed class KnowledgeSearch(
    KnowledgeIndexStore store,
    QueryExpander expander,
    KnowledgeQueryBuilder queries,
    PassageReranker reranker,
    ChunkVectors vectors,
    WorkspaceFilters workspaceFilters,
    IOptions<KnowledgeOptions> options,
    ILogger<KnowledgeSearch> logger,
    ITextEmbedder? embedder = null) : IKnowledgeSearch
{
    /// <summary>How many of the index's best passages the reranker reads; more costs time, fewer misses answers.</summary>
    private const int RerankDepth = 30;

    private readonly int _maxResults = options.Value.MaxSearchResults;
    private readonly EmbeddingOptions _embedding = options.Value.Embeddings;

    public QueryPlan Plan(string query) => expander.Expand(query);

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SearchAsync(Plan(query), workspaceIds, top, cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken) =>
        (await SearchRankedAsync(plan, workspaceIds, top, cancellationToken).ConfigureAwait(false)).Passages;

    public async Task<RankedSearch> SearchRankedAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        cancellationToken.ThrowIfCancellationRequested();
        var question = plan.Units.Count > 0 && workspaceIds.Count > 0 && top > 0 ? await EmbedQuestionAsync(plan.Question, cancellationToken).ConfigureAwait(false) : null;
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.search");
        var started = Stopwatch.GetTimestamp();
        List<KnowledgeHit> hits = [];
        var ranked = RankedSearch.Empty;
        if (plan.Units.Count > 0 && workspaceIds.Count > 0 && top > 0)
        {
            var weights = new Dictionary<QueryUnit, double>(ReferenceEqualityComparer.Instance);
            store.Read(searcher =>
            {
                var terms = new TermLookup(searcher.IndexReader);
                var query = queries.Build(plan, terms);
                var found = query is null
                    ? []
                    : searcher.Search(new FilteredQuery(query, workspaceFilters.For(workspaceIds)), Math.Min(Math.Max(top, RerankDepth), _maxResults)).ScoreDocs;
                if (question is null)
                {
                    foreach (var scoreDoc in found)
                    {
                        hits.Add(StoredPassages.Read(searcher.Doc(scoreDoc.Doc), scoreDoc.Score));
                    }
                }
                else
                {
                    // The same workspace filter bounds the vector side: no passage outside the reader's workspaces is ever compared.
                    var nearest = vectors.Nearest(searcher, workspaceFilters.For(workspaceIds), question, _embedding.Depth);
                    var fused = ChunkVectors.Fuse([.. found.Select(d => d.Doc)], [.. nearest.Select(n => n.Doc)]);
                    foreach (var (doc, score) in fused.Take(Math.Min(Math.Max(top, RerankDepth), _maxResults)))
                    {
                        hits.Add(StoredPassages.Read(searcher.Doc(doc), score));
                    }
                }

                foreach (var unit in plan.Units)
                {
                    weights[unit] = KnowledgeQueryBuilder.UnitIdf(terms, unit);
                }
            });
            ranked = reranker.Rerank(plan, hits, weights);
            ranked = ranked with { Passages = ranked.Passages.Take(top).ToList() };
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        activity?.SetTag("knowledge.hits", ranked.Passages.Count);
        activity?.SetTag("knowledge.latency_ms", elapsed);
        return ranked;
    }

    /// <summary>The question's vector, or null when embeddings are off or failed (the search then goes by words alone).</summary>
    private async Task<float[]?> EmbedQuestionAsync(string question, CancellationToken cancellationToken)
    {
        if (embedder is null || string.IsNullOrWhiteSpace(question))
        {
            return null;
        }

        try
        {
            var vectors = await embedder.EmbedAsync([question], cancellationToken).ConfigureAwait(false);
            return vectors.Count == 1 ? vectors[0] : null;
        }
        catch (EmbeddingException exception)
        {
            EmbeddingLog.SearchedWithoutVectors(logger, exception.Message);
            return null;
        }
    }

    public Task<IReadOnlyList<KnowledgeHit>> PassagesOfAsync(Guid documentId, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        cancellationToken.ThrowIfCancellationRequested();
        var passages = new List<KnowledgeHit>();
        if (workspaceIds.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<KnowledgeHit>>(passages);
        }

        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.DocumentId, ChunkDocuments.Key(documentId))), Occur.MUST },
            { new TermQuery(new Term(IndexFields.Kind, IndexFields.ChunkKind)), Occur.MUST },
        };
        store.Read(searcher =>
        {
            var found = searcher.Search(new FilteredQuery(query, workspaceFilters.For(workspaceIds)), Math.Max(1, searcher.IndexReader.MaxDoc));
            passages.AddRange(found.ScoreDocs.Select(d => StoredPassages.Read(searcher.Doc(d.Doc), d.Score)));
        });
        return Task.FromResult<IReadOnlyList<KnowledgeHit>>(passages);
    }

    public Task<CorpusStatistics> StatisticsAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        cancellationToken.ThrowIfCancellationRequested();
        var units = new Dictionary<QueryUnit, int>(ReferenceEqualityComparer.Instance);
        var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var passages = 0;
        if (workspaceIds.Count == 0)
        {
            return Task.FromResult(new CorpusStatistics(0, units, names));
        }

        var filter = workspaceFilters.For(workspaceIds);
        store.Read(searcher =>
        {
            var terms = new TermLookup(searcher.IndexReader);
            passages = Count(searcher, new TermQuery(new Term(IndexFields.Kind, IndexFields.ChunkKind)), filter);
            foreach (var unit in plan.Units)
            {
                units[unit] = Count(searcher, KnowledgeQueryBuilder.UnitQuery(unit, terms, weighted: false), filter);
            }

            foreach (var word in queries.NameWords(plan, terms))
            {
                if (!names.ContainsKey(word.Word))
                {
                    names[word.Word] = Count(searcher, word.Query, filter);
                }
            }
        });
        return Task.FromResult(new CorpusStatistics(passages, units, names));
    }

    /// <summary>How many documents match, without scoring or ranking them.</summary>
    private static int Count(IndexSearcher searcher, Query query, Filter filter)
    {
        if (query is DisjunctionMaxQuery { Disjuncts.Count: 0 })
        {
            return 0;
        }

        var counter = new TotalHitCountCollector();
        searcher.Search(new FilteredQuery(query, filter), counter);
        return counter.TotalHits;
    }
}
