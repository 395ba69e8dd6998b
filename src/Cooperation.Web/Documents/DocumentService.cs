using Cooperation.Knowledge;
using Cooperation.Web.Data;
using Cooperation.Web.Documents.Extraction;
using Cooperation.Web.Documents.Indexing;
using Cooperation.Web.Documents.Upload;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents;

/// <summary>
/// Documents and their versions: creating them from stored content, listing, metadata, current version,
/// soft delete, restore and purge. Shared by the API, the pages, the CLI and the demo seed. Callers check
/// workspace access first (RequireWorkspace or WorkspaceAccess); every query here is scoped to the workspace.
/// </summary>
public sealed class DocumentService(
    CooperationDb db,
    WorkspaceService workspaces,
    DocumentIntake intake,
    DocumentIndexer indexer,
    DocumentEvents events,
    ExtractionSignal signal,
    IDocumentTextSearch textSearch,
    TimeProvider clock)
{
    /// <summary>A new document whose first version is <paramref name="content"/> (already durable in the store).</summary>
    public async Task<UploadResult> CreateAsync(Guid workspaceId, string actorId, DocumentMetadata metadata, StoredContent content, CancellationToken cancellationToken)
    {
        try
        {
            var now = Now;
            var (officeId, country) = await MetadataRules.OfficeAsync(db, metadata.OfficeId, metadata.CountryCode, cancellationToken);
            var document = new Document
            {
                WorkspaceId = workspaceId,
                Title = metadata.Title is null ? MetadataRules.TitleFromFileName(content.FileName) : MetadataRules.Title(metadata.Title),
                Language = MetadataRules.Language(metadata.Language),
                Kind = MetadataRules.Kind(metadata.Kind),
                OfficeId = officeId,
                CountryCode = country,
                Tags = MetadataRules.Tags(metadata.Tags),
                CreatedById = actorId,
                CreatedAt = now,
                UpdatedAt = now,
                CurrentVersion = 1,
                LastVersion = 1,
            };
            db.Documents.Add(document);
            var version = NewVersion(document.Id, 1, actorId, content, now);
            db.DocumentVersions.Add(version);
            db.ExtractionJobs.Add(NewJob(version.Id, now));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            return await AfterCommitAsync(workspaceId, document.Id, version, DocumentEventTypes.Uploaded, cancellationToken);
        }
        catch
        {
            await intake.DeleteQuietlyAsync(content.StorageKey);
            throw;
        }
    }

    /// <summary>
    /// Adds <paramref name="content"/> as the next version and makes it current. Concurrent uploads to one
    /// document each get their own number, in the order they commit; none is lost.
    /// </summary>
    public async Task<UploadResult> AddVersionAsync(Guid workspaceId, Guid documentId, string actorId, StoredContent content, CancellationToken cancellationToken)
    {
        try
        {
            DocumentVersion version;
            await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
            {
                // The UPDATE takes the document row's write lock (PostgreSQL row lock, SQLite database lock) until commit,
                // so concurrent uploads, from any instance, queue here and each gets the next number in commit order.
                var bumped = await db.Documents.Where(d => d.Id == documentId && d.WorkspaceId == workspaceId && d.DeletedAt == null)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.LastVersion, d => d.LastVersion + 1), cancellationToken);
                if (bumped == 0)
                {
                    throw ProblemException.NotFound("Document");
                }

                var number = await db.Documents.Where(d => d.Id == documentId).Select(d => d.LastVersion).FirstAsync(cancellationToken);
                var now = Now;
                version = NewVersion(documentId, number, actorId, content, now);
                db.DocumentVersions.Add(version);
                db.ExtractionJobs.Add(NewJob(version.Id, now));
                await db.SaveChangesAsync(cancellationToken);
                await db.Documents.Where(d => d.Id == documentId)
                    .ExecuteUpdateAsync(s => s.SetProperty(d => d.CurrentVersion, number).SetProperty(d => d.UpdatedAt, now), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            db.ChangeTracker.Clear();
            return await AfterCommitAsync(workspaceId, documentId, version, DocumentEventTypes.VersionAdded, cancellationToken);
        }
        catch
        {
            await intake.DeleteQuietlyAsync(content.StorageKey);
            throw;
        }
    }

    /// <summary>The longest text the document list searches for: words to find, not a document to paste.</summary>
    public const int MaxSearchLength = 200;

    public async Task<List<DocumentSummary>> ListAsync(Guid workspaceId, DocumentQuery query, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        if (query.Deleted && access.Role != WorkspaceRole.Coordinator)
        {
            throw ProblemException.Forbidden("Only the workspace's coordinators can see deleted documents.");
        }

        var documents = db.Documents.AsNoTracking().Where(d => d.WorkspaceId == workspaceId);
        documents = query.Deleted ? documents.Where(d => d.DeletedAt != null) : documents.Where(d => d.DeletedAt == null);
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            if (query.Search.Length > MaxSearchLength)
            {
                throw ProblemException.Invalid("q", $"Search for at most {MaxSearchLength} characters.");
            }

            // Titles and file names by their letters, and the text of the documents through the search index (the
            // assistant's, limited to this workspace), so that "priority" finds the treaty that speaks of it.
            var text = query.Search.Trim().ToLowerInvariant();
            var inText = (await textSearch.FindDocumentsAsync(query.Search.Trim(), [workspaceId], cancellationToken)).ToList();
            documents = documents.Where(d => d.Title.ToLower().Contains(text) || inText.Contains(d.Id) || d.Versions.Any(v => v.Number == d.CurrentVersion && v.FileName.ToLower().Contains(text)));
        }

        if (query.Kind is { } kind)
        {
            documents = documents.Where(d => d.Kind == kind);
        }

        if (!string.IsNullOrWhiteSpace(query.Language))
        {
            var language = MetadataRules.Language(query.Language);
            documents = documents.Where(d => d.Language == language);
        }

        if (!string.IsNullOrWhiteSpace(query.Tag))
        {
            var tag = "|" + query.Tag.Trim().ToLowerInvariant() + "|";
            documents = documents.Where(d => d.Tags.Contains(tag));
        }

        if (query.OfficeId is { } officeId)
        {
            documents = documents.Where(d => d.OfficeId == officeId);
        }

        if (!string.IsNullOrWhiteSpace(query.CountryCode))
        {
            var country = query.CountryCode.Trim().ToUpperInvariant();
            documents = documents.Where(d => d.CountryCode == country);
        }

        var rows = Project(documents);
        rows = (query.Sort, query.Descending) switch
        {
            (DocumentSort.Title, false) => rows.OrderBy(r => r.Title),
            (DocumentSort.Title, true) => rows.OrderByDescending(r => r.Title),
            (DocumentSort.Created, false) => rows.OrderBy(r => r.CreatedAt),
            (DocumentSort.Created, true) => rows.OrderByDescending(r => r.CreatedAt),
            (DocumentSort.Kind, false) => rows.OrderBy(r => r.Kind).ThenBy(r => r.Title),
            (DocumentSort.Kind, true) => rows.OrderByDescending(r => r.Kind).ThenBy(r => r.Title),
            (DocumentSort.Language, false) => rows.OrderBy(r => r.Language).ThenBy(r => r.Title),
            (DocumentSort.Language, true) => rows.OrderByDescending(r => r.Language).ThenBy(r => r.Title),
            (DocumentSort.Size, false) => rows.OrderBy(r => r.Length),
            (DocumentSort.Size, true) => rows.OrderByDescending(r => r.Length),
            (_, false) => rows.OrderBy(r => r.UpdatedAt),
            _ => rows.OrderByDescending(r => r.UpdatedAt),
        };
        var list = await rows.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 500)).ToListAsync(cancellationToken);
        return list.Select(ToSummary).ToList();
    }

    public async Task<DocumentDetails> GetAsync(Guid workspaceId, Guid documentId, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var row = await Project(Visible(workspaceId, access).Where(d => d.Id == documentId)).FirstOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound("Document");
        return new DocumentDetails(ToSummary(row), await VersionsAsync(documentId, row.CurrentVersion, cancellationToken));
    }

    public async Task<DocumentSummary> UpdateAsync(Guid workspaceId, Guid documentId, string actorId, DocumentMetadata metadata, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var document = await FindLiveAsync(workspaceId, documentId, cancellationToken);
        if (metadata.Title is not null)
        {
            document.Title = MetadataRules.Title(metadata.Title);
        }

        if (metadata.Language is not null)
        {
            document.Language = MetadataRules.Language(metadata.Language);
        }

        if (metadata.Kind is not null)
        {
            document.Kind = MetadataRules.Kind(metadata.Kind);
        }

        if (metadata.OfficeId is not null)
        {
            // Guid.Empty clears the office.
            (document.OfficeId, document.CountryCode) = await MetadataRules.OfficeAsync(db, metadata.OfficeId, metadata.CountryCode, cancellationToken);
        }
        else if (metadata.CountryCode is not null)
        {
            document.CountryCode = MetadataRules.Country(metadata.CountryCode);
        }

        if (metadata.Tags is not null)
        {
            document.Tags = MetadataRules.Tags(metadata.Tags);
        }

        document.UpdatedAt = Now;
        await db.SaveChangesAsync(cancellationToken);
        await ReindexAndAnnounceAsync(workspaceId, document, DocumentEventTypes.Updated, actorId, cancellationToken);
        return (await GetAsync(workspaceId, documentId, access, cancellationToken)).Document;
    }

    /// <summary>Makes an earlier (or later) version the one people see and the assistant cites.</summary>
    public async Task<DocumentSummary> MakeCurrentAsync(Guid workspaceId, Guid documentId, int number, string actorId, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var document = await FindLiveAsync(workspaceId, documentId, cancellationToken);
        if (!await db.DocumentVersions.AnyAsync(v => v.DocumentId == documentId && v.Number == number, cancellationToken))
        {
            throw ProblemException.NotFound("Version");
        }

        if (document.CurrentVersion != number)
        {
            workspaces.Audit(workspaceId, actorId, "document.version-made-current", $"{document.Title}: version {document.CurrentVersion} -> {number}");
            document.CurrentVersion = number;
            document.UpdatedAt = Now;
            await db.SaveChangesAsync(cancellationToken);
            await indexer.SyncDocumentAsync(documentId, cancellationToken);
            await events.PublishAsync(workspaceId, DocumentEventTypes.VersionMadeCurrent, new DocumentVersionMadeCurrent(documentId, document.Title, number, actorId), cancellationToken);
        }

        return (await GetAsync(workspaceId, documentId, access, cancellationToken)).Document;
    }

    /// <summary>Moves the document to the trash: hidden from readers and the assistant, restorable.</summary>
    public async Task DeleteAsync(Guid workspaceId, Guid documentId, string actorId, CancellationToken cancellationToken)
    {
        var document = await FindLiveAsync(workspaceId, documentId, cancellationToken);
        document.DeletedAt = Now;
        document.DeletedById = actorId;
        await SaveAuditedAsync(workspaceId, document, "document.deleted", DocumentEventTypes.Deleted, actorId, cancellationToken);
    }

    public async Task RestoreAsync(Guid workspaceId, Guid documentId, string actorId, CancellationToken cancellationToken)
    {
        var document = await FindLiveOrTrashedAsync(workspaceId, documentId, cancellationToken);
        if (document.DeletedAt is null)
        {
            return;
        }

        document.DeletedAt = null;
        document.DeletedById = null;
        document.UpdatedAt = Now;
        await SaveAuditedAsync(workspaceId, document, "document.restored", DocumentEventTypes.Restored, actorId, cancellationToken);
    }

    /// <summary>
    /// Removes a deleted document for good: its rows, then its content. Audited. If removing content fails,
    /// nothing references it any more and the orphan sweep removes it later.
    /// </summary>
    public async Task PurgeAsync(Guid workspaceId, Guid documentId, string actorId, CancellationToken cancellationToken)
    {
        var document = await FindLiveOrTrashedAsync(workspaceId, documentId, cancellationToken);
        if (document.DeletedAt is null)
        {
            throw ProblemException.Conflict("Only deleted documents can be purged. Delete it first; it then stays restorable until someone purges it.");
        }

        var versions = await db.DocumentVersions.Where(v => v.DocumentId == documentId).Select(v => new { v.Id, v.StorageKey }).ToListAsync(cancellationToken);
        var versionIds = versions.Select(v => v.Id).ToList();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.DocumentPages.Where(p => versionIds.Contains(p.VersionId)).ExecuteDeleteAsync(cancellationToken);
            await db.ExtractionJobs.Where(j => versionIds.Contains(j.VersionId)).ExecuteDeleteAsync(cancellationToken);
            await db.DocumentVersions.Where(v => v.DocumentId == documentId).ExecuteDeleteAsync(cancellationToken);
            db.Documents.Remove(document);
            workspaces.Audit(workspaceId, actorId, "document.purged", $"{document.Title} ({versions.Count} version(s))");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var version in versions)
        {
            await intake.DeleteQuietlyAsync(version.StorageKey);
        }

        await ReindexAndAnnounceAsync(workspaceId, document, DocumentEventTypes.Purged, actorId, cancellationToken);
    }

    /// <summary>The version row of a download; deleted documents only for coordinators.</summary>
    public async Task<DocumentVersion> VersionAsync(Guid workspaceId, Guid documentId, int number, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var visible = Visible(workspaceId, access).Where(d => d.Id == documentId);
        return await db.DocumentVersions.AsNoTracking()
            .Where(v => v.DocumentId == documentId && v.Number == number && visible.Any())
            .FirstOrDefaultAsync(cancellationToken)
            ?? throw ProblemException.NotFound("Version");
    }

    /// <summary>The extracted text of a version, page by page (the preview).</summary>
    public async Task<VersionText> TextAsync(Guid workspaceId, Guid documentId, int number, int fromPage, int pageCount, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(workspaceId, documentId, number, access, cancellationToken);
        var pages = await db.DocumentPages.AsNoTracking()
            .Where(p => p.VersionId == version.Id && p.Number >= fromPage)
            .OrderBy(p => p.Number).Take(Math.Clamp(pageCount, 1, 100))
            .Select(p => new PageText(p.Number, p.Text))
            .ToListAsync(cancellationToken);
        return new VersionText(number, version.ExtractionStatus, version.ExtractionError, version.PageCount ?? 0, version.TextLanguage, pages);
    }

    private async Task<UploadResult> AfterCommitAsync(Guid workspaceId, Guid documentId, DocumentVersion version, string eventType, CancellationToken cancellationToken)
    {
        signal.Notify();
        var duplicates = await db.DocumentVersions.AsNoTracking()
            .Where(v => v.Sha256 == version.Sha256 && v.Id != version.Id && v.Document!.WorkspaceId == workspaceId)
            .OrderBy(v => v.UploadedAt)
            .Select(v => new DuplicateContent(v.DocumentId, v.Document!.Title, v.Number, v.Document.DeletedAt != null))
            .Take(20)
            .ToListAsync(cancellationToken);
        var row = await Project(db.Documents.AsNoTracking().Where(d => d.Id == documentId)).FirstAsync(cancellationToken);
        var summary = ToSummary(row);
        var versions = await VersionsAsync(documentId, row.CurrentVersion, cancellationToken);
        var added = versions.First(v => v.Number == version.Number);
        await events.PublishAsync(workspaceId, eventType,
            new DocumentUploaded(documentId, summary.Title, version.Number, version.FileName, version.Length, version.UploadedById, duplicates.Count), cancellationToken);
        return new UploadResult(summary, added, duplicates);
    }

    private IQueryable<Document> Visible(Guid workspaceId, WorkspaceAccessInfo access) =>
        access.Role == WorkspaceRole.Coordinator
            ? db.Documents.AsNoTracking().Where(d => d.WorkspaceId == workspaceId)
            : db.Documents.AsNoTracking().Where(d => d.WorkspaceId == workspaceId && d.DeletedAt == null);

    private async Task<Document> FindLiveAsync(Guid workspaceId, Guid documentId, CancellationToken cancellationToken) =>
        await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId && d.WorkspaceId == workspaceId && d.DeletedAt == null, cancellationToken)
            ?? throw ProblemException.NotFound("Document");

    // Restore and purge act on documents in the trash, which FindLiveAsync hides.
    private async Task<Document> FindLiveOrTrashedAsync(Guid workspaceId, Guid documentId, CancellationToken cancellationToken) =>
        await db.Documents.FirstOrDefaultAsync(d => d.Id == documentId && d.WorkspaceId == workspaceId, cancellationToken)
            ?? throw ProblemException.NotFound("Document");

    // Moving into and out of the trash is audited, under the document's title.
    private async Task SaveAuditedAsync(Guid workspaceId, Document document, string auditAction, string eventType, string actorId, CancellationToken cancellationToken)
    {
        workspaces.Audit(workspaceId, actorId, auditAction, document.Title);
        await db.SaveChangesAsync(cancellationToken);
        await ReindexAndAnnounceAsync(workspaceId, document, eventType, actorId, cancellationToken);
    }

    /// <summary>
    /// After a change to a document has been saved: the search index follows it (a document in the trash or purged
    /// leaves the assistant's reach), then the workspace hears of it.
    /// </summary>
    private async Task ReindexAndAnnounceAsync(Guid workspaceId, Document document, string eventType, string actorId, CancellationToken cancellationToken)
    {
        await indexer.SyncDocumentAsync(document.Id, cancellationToken);
        await events.PublishAsync(workspaceId, eventType, new DocumentChange(document.Id, document.Title, actorId), cancellationToken);
    }

    private async Task<List<VersionSummary>> VersionsAsync(Guid documentId, int current, CancellationToken cancellationToken)
    {
        var rows = await db.DocumentVersions.AsNoTracking().Where(v => v.DocumentId == documentId)
            .OrderByDescending(v => v.Number)
            .Select(v => new
            {
                Version = v,
                UploadedBy = db.Users.Where(u => u.Id == v.UploadedById).Select(u => u.DisplayName != "" ? u.DisplayName : u.Email).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new VersionSummary(r.Version.Number, r.Version.Number == current, r.Version.FileName, r.Version.MediaType, r.Version.Length,
            r.Version.Sha256, r.Version.UploadedById, r.UploadedBy ?? "", r.Version.UploadedAt, r.Version.ExtractionStatus, r.Version.ExtractionError,
            r.Version.PageCount, r.Version.TextLanguage, r.Version.IndexedAt)).ToList();
    }

    private IQueryable<DocumentRow> Project(IQueryable<Document> documents) =>
        documents.Select(d => new DocumentRow
        {
            Id = d.Id,
            WorkspaceId = d.WorkspaceId,
            Title = d.Title,
            Language = d.Language,
            Kind = d.Kind,
            OfficeId = d.OfficeId,
            OfficeName = db.Offices.Where(o => o.Id == d.OfficeId).Select(o => o.Name).FirstOrDefault(),
            CountryCode = d.CountryCode,
            Tags = d.Tags,
            CurrentVersion = d.CurrentVersion,
            VersionCount = d.Versions.Count,
            FileName = d.Versions.Where(v => v.Number == d.CurrentVersion).Select(v => v.FileName).FirstOrDefault() ?? "",
            MediaType = d.Versions.Where(v => v.Number == d.CurrentVersion).Select(v => v.MediaType).FirstOrDefault() ?? "",
            Length = d.Versions.Where(v => v.Number == d.CurrentVersion).Select(v => v.Length).FirstOrDefault(),
            Extraction = d.Versions.Where(v => v.Number == d.CurrentVersion).Select(v => v.ExtractionStatus).FirstOrDefault(),
            ExtractionError = d.Versions.Where(v => v.Number == d.CurrentVersion).Select(v => v.ExtractionError).FirstOrDefault(),
            CreatedAt = d.CreatedAt,
            UpdatedAt = d.UpdatedAt,
            DeletedAt = d.DeletedAt,
        });

    private static DocumentSummary ToSummary(DocumentRow r) => new(r.Id, r.WorkspaceId, r.Title, r.Language, r.Kind, r.OfficeId, r.OfficeName, r.CountryCode,
        r.Tags.Split('|', StringSplitOptions.RemoveEmptyEntries), r.CurrentVersion, r.VersionCount, r.FileName, r.MediaType, r.Length, r.Extraction,
        r.ExtractionError, r.CreatedAt, r.UpdatedAt, r.DeletedAt);

    private static DocumentVersion NewVersion(Guid documentId, int number, string actorId, StoredContent content, DateTime now) => new()
    {
        Id = content.VersionId,
        DocumentId = documentId,
        Number = number,
        FileName = content.FileName,
        MediaType = content.MediaType,
        Length = content.Length,
        Sha256 = content.Sha256,
        StorageKey = content.StorageKey,
        UploadedById = actorId,
        UploadedAt = now,
        ExtractionStatus = ExtractionStatus.Pending,
    };

    private static ExtractionJob NewJob(Guid versionId, DateTime now) =>
        new() { VersionId = versionId, State = ExtractionJobState.Pending, AvailableAt = now, CreatedAt = now };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private sealed class DocumentRow
    {
        public Guid Id { get; init; }
        public Guid WorkspaceId { get; init; }
        public required string Title { get; init; }
        public string? Language { get; init; }
        public DocumentKind Kind { get; init; }
        public Guid? OfficeId { get; init; }
        public string? OfficeName { get; init; }
        public string? CountryCode { get; init; }
        public required string Tags { get; init; }
        public int CurrentVersion { get; init; }
        public int VersionCount { get; init; }
        public required string FileName { get; init; }
        public required string MediaType { get; init; }
        public long Length { get; init; }
        public ExtractionStatus Extraction { get; init; }
        public string? ExtractionError { get; init; }
        public DateTime CreatedAt { get; init; }
        public DateTime UpdatedAt { get; init; }
        public DateTime? DeletedAt { get; init; }
    }
}
