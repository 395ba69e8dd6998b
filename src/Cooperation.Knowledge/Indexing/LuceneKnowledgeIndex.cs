using System.Diagnostics;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Terminology;
using Lucene.Net.Index;
using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Cooperation.Knowledge.Indexing;

/// <summary>
/// The Lucene.Net index on disk. One <see cref="IndexWriter"/> for the process, guarded by a lock;
/// searches go through a <see cref="SearcherManager"/> refreshed after every commit. Every query carries
/// the reader's workspaces as a filter inside Lucene, so nothing outside them is ever scored or returned.
/// </summary>
public sealed class LuceneKnowledgeIndex : IKnowledgeIndex, IKnowledgeSearch, IDisposable
{
    private readonly object _writeLock = new();
    private readonly Lazy<OpenIndex> _open;
    private readonly DocumentChunker _chunker;
    private readonly QueryExpander _expander;
    private readonly KnowledgeQueryBuilder _queries;
    private readonly ConceptTagger _concepts;
    private readonly PassageReranker _reranker;
    private readonly ILogger<LuceneKnowledgeIndex> _logger;
    private readonly int _maxResults;
    private bool _disposed;

    /// <summary>How many of the index's best passages the reranker reads; more costs time, fewer misses answers.</summary>
    private const int RerankDepth = 30;

    public LuceneKnowledgeIndex(IOptions<KnowledgeOptions> options, LanguageAnalyzers analyzers, QueryExpander expander, ILogger<LuceneKnowledgeIndex> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _chunker = new DocumentChunker(settings.Chunking);
        _expander = expander;
        _queries = new KnowledgeQueryBuilder();
        _concepts = new ConceptTagger(analyzers, expander.Terminology);
        _reranker = new PassageReranker(new UnitMatcher(analyzers));
        _logger = logger;
        _maxResults = settings.MaxSearchResults;
        _open = new Lazy<OpenIndex>(() => OpenIndex.Create(settings.IndexPath, analyzers), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public Task IndexAsync(DocumentToIndex document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.index");
        var started = Stopwatch.GetTimestamp();
        var chunks = _chunker.Chunk(document);
        var documents = chunks.Select(c => ChunkDocuments.ToDocument(c, _concepts)).Prepend(ChunkDocuments.Marker(document)).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        var index = _open.Value;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);

            // Replacing by the document term is atomic: readers see the old version or the new one, never a mix.
            index.Writer.UpdateDocuments(new Term(IndexFields.DocumentId, ChunkDocuments.Key(document.DocumentId)), documents);
            index.Writer.Commit();
            index.Searchers.MaybeRefreshBlocking();
        }

        activity?.SetTag("knowledge.chunks", chunks.Count);
        KnowledgeLog.Indexed(_logger, document.DocumentId, document.Version, chunks.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return Task.CompletedTask;
    }

    public Task RemoveAsync(Guid documentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = _open.Value;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            index.Writer.DeleteDocuments(new Term(IndexFields.DocumentId, ChunkDocuments.Key(documentId)));
            index.Writer.Commit();
            index.Searchers.MaybeRefreshBlocking();
        }

        KnowledgeLog.Removed(_logger, documentId);
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var index = _open.Value;
        lock (_writeLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            index.Writer.DeleteAll();
            index.Writer.Commit();
            index.Searchers.MaybeRefreshBlocking();
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<Guid, int>> IndexedVersionsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var versions = new Dictionary<Guid, int>();
        WithSearcher(searcher =>
        {
            var query = new TermQuery(new Term(IndexFields.Kind, IndexFields.DocumentKind));
            var top = searcher.Search(query, Math.Max(1, searcher.IndexReader.MaxDoc));
            foreach (var scoreDoc in top.ScoreDocs)
            {
                var document = searcher.Doc(scoreDoc.Doc);
                versions[Guid.ParseExact(document.Get(IndexFields.DocumentId), "N")] = document.GetField(IndexFields.Version)?.GetInt32Value() ?? 0;
            }
        });
        return Task.FromResult<IReadOnlyDictionary<Guid, int>>(versions);
    }

    public QueryPlan Plan(string query) => _expander.Expand(query);

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SearchAsync(Plan(query), workspaceIds, top, cancellationToken);
    }

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.search");
        var started = Stopwatch.GetTimestamp();
        List<KnowledgeHit> hits = [];
        if (plan.Units.Count > 0 && workspaceIds.Count > 0 && top > 0)
        {
            var weights = new Dictionary<QueryUnit, double>(ReferenceEqualityComparer.Instance);
            WithSearcher(searcher =>
            {
                var frequencies = new TermFrequencies(searcher.IndexReader);
                var filtered = new FilteredQuery(_queries.Build(plan, frequencies), WorkspaceFilter(workspaceIds));
                var found = searcher.Search(filtered, Math.Min(Math.Max(top, RerankDepth), _maxResults));
                foreach (var scoreDoc in found.ScoreDocs)
                {
                    hits.Add(ChunkDocuments.ToHit(searcher.Doc(scoreDoc.Doc), scoreDoc.Score));
                }

                foreach (var unit in plan.Units)
                {
                    weights[unit] = KnowledgeQueryBuilder.UnitIdf(frequencies, unit);
                }
            });
            hits = _reranker.Rerank(plan, hits, weights).Take(top).ToList();
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        activity?.SetTag("knowledge.hits", hits.Count);
        activity?.SetTag("knowledge.latency_ms", elapsed);
        return Task.FromResult<IReadOnlyList<KnowledgeHit>>(hits);
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
        WithSearcher(searcher =>
        {
            var found = searcher.Search(new FilteredQuery(query, WorkspaceFilter(workspaceIds)), Math.Max(1, searcher.IndexReader.MaxDoc));
            passages.AddRange(found.ScoreDocs.Select(d => ChunkDocuments.ToHit(searcher.Doc(d.Doc), d.Score)));
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

        var filter = WorkspaceFilter(workspaceIds);
        WithSearcher(searcher =>
        {
            passages = searcher.Search(new FilteredQuery(new TermQuery(new Term(IndexFields.Kind, IndexFields.ChunkKind)), filter), 1).TotalHits;
            foreach (var unit in plan.Units)
            {
                units[unit] = searcher.Search(new FilteredQuery(KnowledgeQueryBuilder.UnitQuery(unit), filter), 1).TotalHits;
            }

            foreach (var word in _queries.NameWords(plan))
            {
                if (!names.ContainsKey(word.Word))
                {
                    names[word.Word] = searcher.Search(new FilteredQuery(word.Query, filter), 1).TotalHits;
                }
            }
        });
        return Task.FromResult(new CorpusStatistics(passages, units, names));
    }

    private static Filter WorkspaceFilter(IReadOnlyCollection<Guid> workspaceIds) =>
        new TermsFilter(workspaceIds.Distinct().Select(id => new Term(IndexFields.Workspace, ChunkDocuments.Key(id))).ToArray());

    private void WithSearcher(Action<IndexSearcher> action)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var manager = _open.Value.Searchers;
        var searcher = manager.Acquire();
        try
        {
            action(searcher);
        }
        finally
        {
            manager.Release(searcher);
        }
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_open.IsValueCreated)
            {
                _open.Value.Dispose();
            }
        }
    }

    private sealed class OpenIndex : IDisposable
    {
        private OpenIndex(LuceneDirectory directory, IndexWriter writer, SearcherManager searchers)
        {
            Directory = directory;
            Writer = writer;
            Searchers = searchers;
        }

        public LuceneDirectory Directory { get; }

        public IndexWriter Writer { get; }

        public SearcherManager Searchers { get; }

        public static OpenIndex Create(string path, LanguageAnalyzers analyzers)
        {
            System.IO.Directory.CreateDirectory(path);
            var directory = FSDirectory.Open(new DirectoryInfo(path));
            var config = new IndexWriterConfig(LanguageAnalyzers.Version, analyzers.PerField)
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                Similarity = new CrossFieldSimilarity(),
            };
            var writer = new IndexWriter(directory, config);

            // An empty commit makes a brand-new index readable at once.
            writer.Commit();
            var searchers = new SearcherManager(writer, true, new Bm25SearcherFactory());
            return new OpenIndex(directory, writer, searchers);
        }

        public void Dispose()
        {
            Searchers.Dispose();
            Writer.Dispose();
            Directory.Dispose();
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new CrossFieldSimilarity() };
    }
}
