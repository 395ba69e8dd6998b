using Cooperation.Knowledge;
using Cooperation.Web.Data;
using Cooperation.Web.Documents.Indexing;
using Cooperation.Web.Documents.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Documents.Extraction;

/// <summary>
/// Works one claimed job: reads the version's content from the store, extracts its text within the caps,
/// stores the pages (or the reason it failed) on the version, then brings the search index in step.
/// A bad file fails its own version with a reason; it never stops the queue.
/// </summary>
public sealed partial class ExtractionProcessor(
    CooperationDb db,
    ExtractionQueue queue,
    IDocumentStore store,
    ITextExtractor extractor,
    DocumentIndexer indexer,
    DocumentEvents events,
    IOptions<DocumentExtractionOptions> options,
    TimeProvider clock,
    ILogger<ExtractionProcessor> logger)
{
    /// <summary>Claims and works one job; false when there was nothing to do.</summary>
    public async Task<bool> RunOnceAsync(IReadOnlyCollection<Guid>? onlyVersions, CancellationToken cancellationToken)
    {
        var job = await queue.ClaimAsync(onlyVersions, cancellationToken);
        if (job is null)
        {
            return false;
        }

        await ProcessAsync(job, cancellationToken);
        return true;
    }

    public async Task ProcessAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var version = await db.DocumentVersions.AsNoTracking().Where(v => v.Id == job.VersionId)
            .Select(v => new { v.Id, v.DocumentId, v.Number, v.StorageKey, v.MediaType, v.Document!.WorkspaceId, v.Document.Title })
            .FirstOrDefaultAsync(cancellationToken);
        if (version is null)
        {
            await queue.FinishAsync(job, cancellationToken);
            return;
        }

        await db.DocumentVersions.Where(v => v.Id == version.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.ExtractionStatus, ExtractionStatus.Extracting), cancellationToken);
        await events.PublishAsync(version.WorkspaceId, DocumentEventTypes.Extraction,
            new DocumentExtraction(version.DocumentId, version.Number, ExtractionStatus.Extracting, null, null), cancellationToken);

        ExtractedText? text = null;
        string? failure = null;
        try
        {
            await using var content = await store.OpenReadAsync(version.StorageKey, cancellationToken);
            text = await extractor.ExtractAsync(content, version.MediaType, options.Value.Limits, cancellationToken);
        }
        catch (ExtractionFailedException e)
        {
            failure = e.Message;
        }
        catch (FileNotFoundException)
        {
            failure = "The stored file could not be found, so its text could not be read. Upload it again.";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogAttemptFailed(logger, e, version.Id, job.Attempts);
            if (job.Attempts < options.Value.MaxAttempts)
            {
                await db.DocumentVersions.Where(v => v.Id == version.Id)
                    .ExecuteUpdateAsync(s => s.SetProperty(v => v.ExtractionStatus, ExtractionStatus.Pending), CancellationToken.None);
                await queue.RetryLaterAsync(job, CancellationToken.None);
                return;
            }

            failure = $"The text could not be read: the server failed {job.Attempts} times while reading it. An administrator can find the cause in the log.";
        }

        if (!await SaveAsync(job, version.Id, text, failure, cancellationToken))
        {
            return;
        }

        await indexer.SyncDocumentAsync(version.DocumentId, cancellationToken);
        await events.PublishAsync(version.WorkspaceId, DocumentEventTypes.Extraction, new DocumentExtraction(
            version.DocumentId, version.Number, failure is null ? ExtractionStatus.Extracted : ExtractionStatus.Failed, text?.Pages.Count, failure), cancellationToken);
    }

    private async Task<bool> SaveAsync(ClaimedJob job, Guid versionId, ExtractedText? text, string? failure, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await queue.FinishAsync(job, cancellationToken))
        {
            // The lease ran out and another instance has the job now; its result will be the one kept.
            LogLeaseLost(logger, versionId);
            return false;
        }

        await db.DocumentPages.Where(p => p.VersionId == versionId).ExecuteDeleteAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (text is not null)
        {
            // PostgreSQL text cannot hold NUL characters.
            db.DocumentPages.AddRange(text.Pages.Select(p => new DocumentPage { VersionId = versionId, Number = p.Number, Text = p.Text.Replace("\0", "", StringComparison.Ordinal) }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var language = text?.Language is { Length: <= 35 } l ? l : null;
        await db.DocumentVersions.Where(v => v.Id == versionId).ExecuteUpdateAsync(s => s
            .SetProperty(v => v.ExtractionStatus, failure is null ? ExtractionStatus.Extracted : ExtractionStatus.Failed)
            .SetProperty(v => v.ExtractionError, failure is { Length: > 1_000 } ? failure[..1_000] : failure)
            .SetProperty(v => v.PageCount, text == null ? null : text.Pages.Count)
            .SetProperty(v => v.TextLanguage, language)
            .SetProperty(v => v.ExtractedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (failure is null)
        {
            LogExtracted(logger, versionId, text!.Pages.Count);
        }
        else
        {
            LogExtractionRefused(logger, versionId, failure);
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Extracted {Pages} page(s) from version {VersionId}")]
    private static partial void LogExtracted(ILogger logger, Guid versionId, int pages);

    [LoggerMessage(Level = LogLevel.Information, Message = "Text of version {VersionId} could not be extracted: {Reason}")]
    private static partial void LogExtractionRefused(ILogger logger, Guid versionId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Extraction of version {VersionId} failed on attempt {Attempt}")]
    private static partial void LogAttemptFailed(ILogger logger, Exception exception, Guid versionId, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost the lease on the extraction of version {VersionId}; another instance finishes it")]
    private static partial void LogLeaseLost(ILogger logger, Guid versionId);
}
