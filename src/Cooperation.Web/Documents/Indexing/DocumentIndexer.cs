using Cooperation.Knowledge;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents.Indexing;

public enum IndexOutcome
{
    /// <summary>The current version's text is in the index.</summary>
    Indexed,

    /// <summary>The document is gone from the index (deleted, purged, or its current version has no text).</summary>
    Removed,

    /// <summary>The current version is still waiting for extraction; the index keeps what it had.</summary>
    Waiting,

    /// <summary>The index could not be written (logged); the index sync tries again soon (<see cref="IndexRetrySignal"/>).</summary>
    Failed,
}

/// <summary>One indexing at a time per process, so that the last change to a document is the one the index keeps.</summary>
public sealed class IndexGate
{
    public SemaphoreSlim Lock { get; } = new(1, 1);
}

/// <summary>
/// Told when a document could not be indexed (another process, a `cooperation` command, holding the index, usually),
/// so that the site's index sync tries again within seconds rather than at its next periodic pass.
/// </summary>
public sealed class IndexRetrySignal : WakeSignal;

/// <summary>
/// Keeps the rules assistant's index in step with the documents: the current, extracted version of every live
/// document is indexed, nothing else is. The database is the source of truth, so each node can rebuild or
/// catch up its own index from it at any time.
/// </summary>
public sealed partial class DocumentIndexer(CooperationDb db, IKnowledgeIndex index, IndexGate gate, IndexRetrySignal retry, TimeProvider clock, ILogger<DocumentIndexer> logger)
{
    public Task<IndexOutcome> SyncDocumentAsync(Guid documentId, CancellationToken cancellationToken) =>
        SyncAsync(documentId, skipIfCurrent: false, cancellationToken);

    /// <param name="skipIfCurrent">
    /// Leave a document whose current version the index already holds. The full sync decides what is out of step from
    /// a snapshot taken before it waits its turn, and meanwhile the extraction worker may have indexed the version (at
    /// start-up it usually has, for every document just imported). A single document's sync never skips: its title or
    /// language may have changed without a new version.
    /// </param>
    private async Task<IndexOutcome> SyncAsync(Guid documentId, bool skipIfCurrent, CancellationToken cancellationToken)
    {
        await gate.Lock.WaitAsync(cancellationToken);
        try
        {
            var document = await db.Documents.AsNoTracking().Where(d => d.Id == documentId && d.DeletedAt == null)
                .Select(d => new { d.WorkspaceId, d.Title, d.Language, d.CurrentVersion })
                .FirstOrDefaultAsync(cancellationToken);
            var version = document is null ? null : await db.DocumentVersions.AsNoTracking()
                .Where(v => v.DocumentId == documentId && v.Number == document.CurrentVersion)
                .Select(v => new { v.Id, v.Number, v.ExtractionStatus, v.TextLanguage, v.IndexedAt })
                .FirstOrDefaultAsync(cancellationToken);

            if (document is null || version is null || version.ExtractionStatus == ExtractionStatus.Failed)
            {
                await index.RemoveAsync(documentId, cancellationToken);
                return IndexOutcome.Removed;
            }

            if (version.ExtractionStatus != ExtractionStatus.Extracted)
            {
                return IndexOutcome.Waiting;
            }

            if (!skipIfCurrent || await index.IndexedVersionAsync(documentId, cancellationToken) != version.Number)
            {
                var pages = await db.DocumentPages.AsNoTracking().Where(p => p.VersionId == version.Id).OrderBy(p => p.Number)
                    .Select(p => new ExtractedPage(p.Number, p.Text)).ToListAsync(cancellationToken);
                await index.IndexAsync(new DocumentToIndex(document.WorkspaceId, documentId, version.Number, document.Title,
                    document.Language ?? version.TextLanguage, pages), cancellationToken);
            }

            if (version.IndexedAt is null)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                await db.DocumentVersions.Where(v => v.Id == version.Id && v.IndexedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.IndexedAt, now), cancellationToken);
            }

            return IndexOutcome.Indexed;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogIndexFailed(logger, e, documentId);
            retry.Notify();
            return IndexOutcome.Failed;
        }
        finally
        {
            gate.Lock.Release();
        }
    }

    /// <summary>Compares the index with the database and fixes every difference; returns how many documents it touched.</summary>
    public async Task<int> SynchronizeAllAsync(CancellationToken cancellationToken)
    {
        var indexed = await index.IndexedVersionsAsync(cancellationToken);
        var wanted = await db.Documents.AsNoTracking().Where(d => d.DeletedAt == null)
            .Select(d => new
            {
                d.Id,
                d.CurrentVersion,
                Status = d.Versions.Where(v => v.Number == d.CurrentVersion).Select(v => (ExtractionStatus?)v.ExtractionStatus).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        var extracted = wanted.Where(d => d.Status == ExtractionStatus.Extracted).ToDictionary(d => d.Id, d => d.CurrentVersion);
        var waiting = wanted.Where(d => d.Status is ExtractionStatus.Pending or ExtractionStatus.Extracting).Select(d => d.Id).ToHashSet();

        var stale = extracted.Where(d => !indexed.TryGetValue(d.Key, out var number) || number != d.Value).Select(d => d.Key)
            .Concat(indexed.Keys.Where(id => !extracted.ContainsKey(id) && !waiting.Contains(id)))
            .ToList();
        foreach (var documentId in stale)
        {
            await SyncAsync(documentId, skipIfCurrent: true, cancellationToken);
        }

        if (stale.Count > 0)
        {
            LogSynchronized(logger, stale.Count);
        }

        return stale.Count;
    }

    /// <summary>Drops the index and builds it again from the database (cooperation reindex).</summary>
    public async Task<int> RebuildAsync(CancellationToken cancellationToken)
    {
        await gate.Lock.WaitAsync(cancellationToken);
        try
        {
            await index.ClearAsync(cancellationToken);
        }
        finally
        {
            gate.Lock.Release();
        }

        return await SynchronizeAllAsync(cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not bring document {DocumentId} in step in the search index; the index sync will try again")]
    private static partial void LogIndexFailed(ILogger logger, Exception exception, Guid documentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Search index brought in step for {Count} document(s)")]
    private static partial void LogSynchronized(ILogger logger, int count);
}
