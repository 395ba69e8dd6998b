using System.Collections.Concurrent;
using System.Diagnostics;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Embeddings;
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
/// Another process (the CLI's import beside the site) may hold the index's write lock for a while: until
/// it lets go, this one reads the last commit, refreshed on every use, and tries for the writer again on
/// every use; a failure to open is never kept.
/// </summary>
public sealed class LuceneKnowledgeIndex : IKnowledgeIndex, IKnowledgeSearch, IDisposable
{
    private readonly object _writeLock = new();
    private readonly object _openLock = new();
    private readonly string _path;
    private readonly LanguageAnalyzers _analyzers;
    private readonly DocumentChunker _chunker;
    private readonly QueryExpander _expander;
    private readonly KnowledgeQueryBuilder _queries;
    private readonly ConceptTagger _concepts;
    private readonly PassageReranker _reranker;
    private readonly ILogger<LuceneKnowledgeIndex> _logger;
    private readonly int _maxResults;
    private readonly ITextEmbedder? _embedder;
    private readonly EmbeddingOptions _embedding;
    private readonly ChunkVectors _vectors = new();
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;

    // Lucene.Net's native write lock does not keep a second process out on Linux (two processes were seen both
    // opening a writer on one folder, each then deleting the other's new files). A file opened for exclusive use
    // does: .NET takes an OS lock on it, which the OS lets go of when the process ends, so a crash leaves no
    // stale lock behind. Held for as long as this process holds the writer.
    private FileStream? _writerClaim;
    private const string WriterClaimFile = "cooperation-writer.lock";

    // Over the writer (near real time) once this process has it; before that, over the last commit on disk.
    private SearcherManager? _searchers;
    private bool _disposed;

    /// <summary>How many of the index's best passages the reranker reads; more costs time, fewer misses answers.</summary>
    private const int RerankDepth = 30;

    private const int MaxCachedWorkspaceFilters = 256;
    private readonly ConcurrentDictionary<string, Filter> _workspaceFilters = new(StringComparer.Ordinal);

    /// <param name="embedder">Null unless Knowledge:Embeddings:Provider turns embeddings on.</param>
    public LuceneKnowledgeIndex(IOptions<KnowledgeOptions> options, LanguageAnalyzers analyzers, QueryExpander expander, ILogger<LuceneKnowledgeIndex> logger, ITextEmbedder? embedder = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        _path = settings.IndexPath;
        _analyzers = analyzers;
        _chunker = new DocumentChunker(settings.Chunking);
        _expander = expander;
        _queries = new KnowledgeQueryBuilder();
        _concepts = new ConceptTagger(analyzers, expander.Terminology);
        _reranker = new PassageReranker(new UnitMatcher(analyzers));
        _logger = logger;
        _maxResults = settings.MaxSearchResults;
        _embedder = embedder;
        _embedding = settings.Embeddings;
    }

    public async Task IndexAsync(DocumentToIndex document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.index");
        var started = Stopwatch.GetTimestamp();
        var chunks = _chunker.Chunk(document);
        var vectors = await EmbedChunksAsync(document, chunks, cancellationToken).ConfigureAwait(false);
        var documents = chunks.Select((c, i) => ChunkDocuments.ToDocument(c, _concepts, vectors?[i])).Prepend(ChunkDocuments.Marker(document)).ToList();
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeLock)
        {
            var (writer, searchers) = Writer();

            // Replacing by the document term is atomic: readers see the old version or the new one, never a mix.
            writer.UpdateDocuments(new Term(IndexFields.DocumentId, ChunkDocuments.Key(document.DocumentId)), documents);
            writer.Commit();
            searchers.MaybeRefreshBlocking();
        }

        activity?.SetTag("knowledge.chunks", chunks.Count);
        KnowledgeLog.Indexed(_logger, document.DocumentId, document.Version, chunks.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// One vector per chunk, in batches of at most BatchSize; null when embeddings are off or the embedder
    /// failed. A failing embedder never costs the words: the version is indexed for BM25 and the failure logged.
    /// </summary>
    private async Task<IReadOnlyList<float[]>?> EmbedChunksAsync(DocumentToIndex document, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken)
    {
        if (_embedder is null || chunks.Count == 0)
        {
            return null;
        }

        var vectors = new List<float[]>(chunks.Count);
        try
        {
            foreach (var batch in chunks.Select(ChunkDocuments.EmbeddingText).Chunk(_embedding.BatchSize))
            {
                vectors.AddRange(await _embedder.EmbedAsync(batch, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (EmbeddingException exception)
        {
            EmbeddingLog.IndexedWithoutVectors(_logger, document.DocumentId, document.Version, exception.Message);
            return null;
        }

        if (vectors.Count != chunks.Count)
        {
            EmbeddingLog.IndexedWithoutVectors(_logger, document.DocumentId, document.Version, $"the embedder returned {vectors.Count} vectors for {chunks.Count} passages");
            return null;
        }

        return vectors;
    }

    public Task RemoveAsync(Guid documentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeLock)
        {
            var (writer, searchers) = Writer();
            writer.DeleteDocuments(new Term(IndexFields.DocumentId, ChunkDocuments.Key(documentId)));
            writer.Commit();
            searchers.MaybeRefreshBlocking();
        }

        KnowledgeLog.Removed(_logger, documentId);
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        lock (_writeLock)
        {
            var (writer, searchers) = Writer();
            writer.DeleteAll();
            writer.Commit();
            searchers.MaybeRefreshBlocking();
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

    public Task<int?> IndexedVersionAsync(Guid documentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        int? version = null;
        var query = new BooleanQuery
        {
            { new TermQuery(new Term(IndexFields.Kind, IndexFields.DocumentKind)), Occur.MUST },
            { new TermQuery(new Term(IndexFields.DocumentId, ChunkDocuments.Key(documentId))), Occur.MUST },
        };
        WithSearcher(searcher =>
        {
            if (searcher.Search(query, 1).ScoreDocs is [var found])
            {
                version = searcher.Doc(found.Doc).GetField(IndexFields.Version)?.GetInt32Value() ?? 0;
            }
        });
        return Task.FromResult(version);
    }

    public QueryPlan Plan(string query) => _expander.Expand(query);

    public Task<IReadOnlyList<KnowledgeHit>> SearchAsync(string query, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return SearchAsync(Plan(query), workspaceIds, top, cancellationToken);
    }

    public async Task<IReadOnlyList<KnowledgeHit>> SearchAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaceIds, int top, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        cancellationToken.ThrowIfCancellationRequested();
        var question = plan.Units.Count > 0 && workspaceIds.Count > 0 && top > 0 ? await EmbedQuestionAsync(plan.Question, cancellationToken).ConfigureAwait(false) : null;
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.search");
        var started = Stopwatch.GetTimestamp();
        List<KnowledgeHit> hits = [];
        if (plan.Units.Count > 0 && workspaceIds.Count > 0 && top > 0)
        {
            var weights = new Dictionary<QueryUnit, double>(ReferenceEqualityComparer.Instance);
            WithSearcher(searcher =>
            {
                var terms = new TermLookup(searcher.IndexReader);
                var query = _queries.Build(plan, terms);
                var found = query is null
                    ? []
                    : searcher.Search(new FilteredQuery(query, WorkspaceFilter(workspaceIds)), Math.Min(Math.Max(top, RerankDepth), _maxResults)).ScoreDocs;
                if (question is null)
                {
                    foreach (var scoreDoc in found)
                    {
                        hits.Add(ChunkDocuments.ToHit(searcher.Doc(scoreDoc.Doc), scoreDoc.Score));
                    }
                }
                else
                {
                    // The same workspace filter bounds the vector side: no passage outside the reader's workspaces is ever compared.
                    var nearest = _vectors.Nearest(searcher, WorkspaceFilter(workspaceIds), question, _embedding.Depth);
                    var fused = ChunkVectors.Fuse([.. found.Select(d => d.Doc)], [.. nearest.Select(n => n.Doc)]);
                    foreach (var (doc, score) in fused.Take(Math.Min(Math.Max(top, RerankDepth), _maxResults)))
                    {
                        hits.Add(ChunkDocuments.ToHit(searcher.Doc(doc), score));
                    }
                }

                foreach (var unit in plan.Units)
                {
                    weights[unit] = KnowledgeQueryBuilder.UnitIdf(terms, unit);
                }
            });
            hits = _reranker.Rerank(plan, hits, weights).Take(top).ToList();
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        activity?.SetTag("knowledge.hits", hits.Count);
        activity?.SetTag("knowledge.latency_ms", elapsed);
        return hits;
    }

    /// <summary>The question's vector, or null when embeddings are off or failed (the search then goes by words alone).</summary>
    private async Task<float[]?> EmbedQuestionAsync(string question, CancellationToken cancellationToken)
    {
        if (_embedder is null || string.IsNullOrWhiteSpace(question))
        {
            return null;
        }

        try
        {
            var vectors = await _embedder.EmbedAsync([question], cancellationToken).ConfigureAwait(false);
            return vectors.Count == 1 ? vectors[0] : null;
        }
        catch (EmbeddingException exception)
        {
            EmbeddingLog.SearchedWithoutVectors(_logger, exception.Message);
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
            var terms = new TermLookup(searcher.IndexReader);
            passages = Count(searcher, new TermQuery(new Term(IndexFields.Kind, IndexFields.ChunkKind)), filter);
            foreach (var unit in plan.Units)
            {
                units[unit] = Count(searcher, KnowledgeQueryBuilder.UnitQuery(unit, terms, weighted: false), filter);
            }

            foreach (var word in _queries.NameWords(plan, terms))
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

    /// <summary>
    /// The filter of a set of workspaces, cached: a reader asks with the same set question after question, and the
    /// cached filter keeps each segment's matching documents as a bit set (segments are immutable; deletions are
    /// applied on top of it at search time), so the workspace terms are not looked up in every segment per query.
    /// </summary>
    private Filter WorkspaceFilter(IReadOnlyCollection<Guid> workspaceIds)
    {
        var keys = workspaceIds.Select(ChunkDocuments.Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var cacheKey = string.Join(',', keys);
        if (_workspaceFilters.TryGetValue(cacheKey, out var cached))
        {
            return cached;
        }

        // Crude bound: sets of workspaces are few (one per member's memberships), so a full cache is simply started over.
        if (_workspaceFilters.Count >= MaxCachedWorkspaceFilters)
        {
            _workspaceFilters.Clear();
        }

        return _workspaceFilters.GetOrAdd(cacheKey, _ => new CachingWrapperFilter(new TermsFilter(keys.Select(k => new Term(IndexFields.Workspace, k)).ToArray())));
    }

    private void WithSearcher(Action<IndexSearcher> action)
    {
        var (manager, searcher) = AcquireSearcher();
        try
        {
            action(searcher);
        }
        finally
        {
            manager?.Release(searcher);
        }
    }

    /// <summary>A searcher and the manager to give it back to (none for the empty searcher of an index not yet created).</summary>
    private (SearcherManager? Manager, IndexSearcher Searcher) AcquireSearcher()
    {
        // Acquired under the lock so that a manager being replaced (read-only by the writer's) is never acquired from after disposal.
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null && !TryOpenWriter())
            {
                var directory = _directory!;
                if (_searchers is null)
                {
                    if (!DirectoryReader.IndexExists(directory))
                    {
                        return (null, new IndexSearcher(new MultiReader()));
                    }

                    _searchers = new SearcherManager(directory, new Bm25SearcherFactory());
                }
                else
                {
                    // The other process commits as it imports; show what it has committed so far.
                    _searchers.MaybeRefreshBlocking();
                }
            }

            return (_searchers, _searchers!.Acquire());
        }
    }

    /// <summary>The writer and its searchers, opened now if need be; throws (and keeps nothing) while another process holds the write lock.</summary>
    private (IndexWriter Writer, SearcherManager Searchers) Writer()
    {
        lock (_openLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null && !TryOpenWriter())
            {
                throw new LockObtainFailedException($"Another process holds the search index at {_path}; it can be written once that process lets go.");
            }

            return (_writer!, _searchers!);
        }
    }

    /// <summary>Takes the index's write lock if no other process holds it. Called under <see cref="_openLock"/>.</summary>
    private bool TryOpenWriter()
    {
        if (_directory is null)
        {
            System.IO.Directory.CreateDirectory(_path);
            _directory = FSDirectory.Open(new DirectoryInfo(_path));
        }

        if (_writerClaim is null)
        {
            try
            {
                _writerClaim = new FileStream(Path.Combine(_path, WriterClaimFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                KnowledgeLog.IndexHeldElsewhere(_logger, _path);
                return false;
            }
        }

        var config = new IndexWriterConfig(LanguageAnalyzers.Version, _analyzers.PerField)
        {
            OpenMode = OpenMode.CREATE_OR_APPEND,
            Similarity = new CrossFieldSimilarity(),

            // Not the default second of waiting: a search must not stall while the other process holds the lock.
            WriteLockTimeout = 0,
        };
        IndexWriter writer;
        try
        {
            writer = new IndexWriter(_directory, config);
        }
        catch (LockObtainFailedException)
        {
            _writerClaim.Dispose();
            _writerClaim = null;
            KnowledgeLog.IndexHeldElsewhere(_logger, _path);
            return false;
        }

        SearcherManager searchers;
        try
        {
            // An empty commit makes a brand-new index readable at once.
            writer.Commit();
            searchers = new SearcherManager(writer, true, new Bm25SearcherFactory());
        }
        catch
        {
            writer.Dispose();
            throw;
        }

        // Searches already holding a searcher of the read-only manager give it back to it; that still works after disposal.
        _searchers?.Dispose();
        _writer = writer;
        _searchers = searchers;
        return true;
    }

    public void Dispose()
    {
        lock (_writeLock)
        {
            lock (_openLock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                _searchers?.Dispose();
                _writer?.Dispose();
                _directory?.Dispose();
                _writerClaim?.Dispose();
            }
        }
    }

    private sealed class Bm25SearcherFactory : SearcherFactory
    {
        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader) { Similarity = new CrossFieldSimilarity() };
    }
}
