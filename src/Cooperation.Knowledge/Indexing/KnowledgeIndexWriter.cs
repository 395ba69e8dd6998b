using System.Diagnostics;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Embeddings;
using Cooperation.Knowledge.Terminology;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cooperation.Knowledge.Indexing;

/// <summary>
/// Puts document versions into the index and takes them out: chunks the text, tags its concepts, embeds the
/// passages when embeddings are on, and replaces the document's passages in one atomic update.
/// </summary>
/// <param name="embedder">Null unless Knowledge:Embeddings:Provider turns embeddings on.</param>
internal sealed class KnowledgeIndexWriter(
    KnowledgeIndexStore store,
    DocumentChunker chunker,
    ConceptTagger concepts,
    IOptions<KnowledgeOptions> options,
    ILogger<KnowledgeIndexWriter> logger,
    ITextEmbedder? embedder = null) : IKnowledgeIndex
{
    private readonly EmbeddingOptions _embedding = options.Value.Embeddings;

    public async Task IndexAsync(DocumentToIndex document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        cancellationToken.ThrowIfCancellationRequested();
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.index");
        var started = Stopwatch.GetTimestamp();
        var chunks = chunker.Chunk(document);
        var vectors = await EmbedChunksAsync(document, chunks, cancellationToken).ConfigureAwait(false);
        var documents = chunks.Select((c, i) => ChunkDocuments.ToDocument(c, concepts, vectors?[i])).Prepend(ChunkDocuments.Marker(document)).ToList();
        cancellationToken.ThrowIfCancellationRequested();

        // Replacing by the document term is atomic: readers see the old version or the new one, never a mix.
        store.Write(writer => writer.UpdateDocuments(new Term(IndexFields.DocumentId, ChunkDocuments.Key(document.DocumentId)), documents));
        activity?.SetTag("knowledge.chunks", chunks.Count);
        KnowledgeLog.Indexed(logger, document.DocumentId, document.Version, chunks.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>
    /// One vector per chunk, in batches of at most BatchSize; null when embeddings are off or the embedder
    /// failed. A failing embedder never costs the words: the version is indexed for BM25 and the failure logged.
    /// </summary>
    private async Task<IReadOnlyList<float[]>?> EmbedChunksAsync(DocumentToIndex document, IReadOnlyList<KnowledgeChunk> chunks, CancellationToken cancellationToken)
    {
        if (embedder is null || chunks.Count == 0)
        {
            return null;
        }

        var vectors = new List<float[]>(chunks.Count);
        try
        {
            foreach (var batch in chunks.Select(ChunkDocuments.EmbeddingText).Chunk(_embedding.BatchSize))
            {
                vectors.AddRange(await embedder.EmbedAsync(batch, cancellationToken).ConfigureAwait(false));
            }
        }
        catch (EmbeddingException exception)
        {
            EmbeddingLog.IndexedWithoutVectors(logger, document.DocumentId, document.Version, exception.Message);
            return null;
        }

        if (vectors.Count != chunks.Count)
        {
            EmbeddingLog.IndexedWithoutVectors(logger, document.DocumentId, document.Version, $"the embedder returned {vectors.Count} vectors for {chunks.Count} passages");
            return null;
        }

        return vectors;
    }

    public Task RemoveAsync(Guid documentId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        store.Write(writer => writer.DeleteDocuments(new Term(IndexFields.DocumentId, ChunkDocuments.Key(documentId))));
        KnowledgeLog.Removed(logger, documentId);
        return Task.CompletedTask;
    }

    public Task ClearAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        store.Write(writer => writer.DeleteAll());
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<Guid, int>> IndexedVersionsAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var versions = new Dictionary<Guid, int>();
        store.Read(searcher =>
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
        store.Read(searcher =>
        {
            if (searcher.Search(query, 1).ScoreDocs is [var found])
            {
                version = searcher.Doc(found.Doc).GetField(IndexFields.Version)?.GetInt32Value() ?? 0;
            }
        });
        return Task.FromResult(version);
    }
}
