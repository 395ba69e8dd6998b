using Cooperation.Web.Data;
using Cooperation.Web.Documents.Extraction;
using Cooperation.Web.Documents.Indexing;
using Cooperation.Web.Documents.Upload;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents.Import;

public enum ImportStatus
{
    /// <summary>Stored, extracted and in the search index.</summary>
    Searchable,

    /// <summary>Stored, but its text could not be read (the reason says why).</summary>
    ExtractionFailed,

    /// <summary>The same content is already the current version; nothing was added.</summary>
    Unchanged,

    /// <summary>Not stored: the file was refused (type, size, a zip bomb...).</summary>
    Refused,

    /// <summary>Stored and extracted, but no process has put it in the search index yet.</summary>
    NotYetSearchable,
}

public sealed record ImportedFile(string Path, ImportStatus Status, Guid? DocumentId, int? Version, string? Message);

/// <summary>
/// Imports a folder of files into a workspace the way uploads arrive: intake, version, extraction job. It then
/// works its own extraction jobs (claiming them like any instance, so a running site may take some) and puts
/// them in the search index; when a running site holds the index, it waits for the site to index them.
/// Used by `cooperation import` and by the assistant's evaluation on a fresh data folder.
/// </summary>
public sealed class DocumentImporter(
    CooperationDb db,
    IServiceScopeFactory scopes,
    WorkspaceService workspaces,
    TimeProvider clock)
{
    public static readonly IReadOnlySet<string> Extensions = new HashSet<string>([".md", ".markdown", ".pdf", ".docx", ".txt", ".text"], StringComparer.OrdinalIgnoreCase);

    /// <summary>How long to wait for a running site to index what was imported.</summary>
    public TimeSpan IndexWait { get; set; } = TimeSpan.FromMinutes(3);

    public static IReadOnlyList<string> FindFiles(string folder) =>
        !Directory.Exists(folder)
            ? throw ProblemException.Invalid("folder", $"There is no folder {folder}.")
            : Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
                .Where(f => Extensions.Contains(Path.GetExtension(f)) && !Path.GetFileName(f).Equals("README.md", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).ToList();

    /// <summary>The workspace by name, created (with the first administrator as coordinator) when missing.</summary>
    public async Task<(Guid WorkspaceId, string ActorId, bool Created)> EnsureWorkspaceAsync(string name, bool makePublic, CancellationToken cancellationToken)
    {
        var actor = await db.Users.Where(u => u.IsAdministrator).OrderBy(u => u.CreatedAt).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ProblemException(StatusCodes.Status409Conflict, "No administrator", "There is no administrator to import as. Create one first: cooperation create-admin --email you@example.org");
        var normalized = WorkspaceNames.Normalize(name);
        var existing = await db.Workspaces.AsNoTracking().Where(w => w.NormalizedName == normalized).Select(w => new { w.Id, w.IsPublic, w.IsArchived }).FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            var created = await workspaces.CreateAsync(actor, new WorkspaceInput(name, "Imported documents.", makePublic), cancellationToken);
            return (created.Id, actor, true);
        }

        if (existing.IsArchived)
        {
            throw ProblemException.Conflict($"The workspace '{name}' is archived. Unarchive it first.");
        }

        if (makePublic && !existing.IsPublic)
        {
            var access = new WorkspaceAccessInfo(existing.Id, WorkspaceRole.Coordinator, false, true);
            await workspaces.UpdateAsync(existing.Id, actor, new WorkspaceUpdate(null, null, true), access, cancellationToken);
        }

        return (existing.Id, actor, false);
    }

    /// <summary>Stores one file: a new document, or a new version of the document with the same file name when its content changed.</summary>
    public async Task<ImportedFile> StoreAsync(Guid workspaceId, string actorId, string path, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var scopedDb = services.GetRequiredService<CooperationDb>();
        var fileName = FileNames.Sanitise(Path.GetFileName(path));
        var existing = await scopedDb.Documents.AsNoTracking()
            .Where(d => d.WorkspaceId == workspaceId && d.DeletedAt == null && d.Versions.Any(v => v.FileName == fileName))
            .OrderBy(d => d.CreatedAt)
            .Select(d => new { d.Id, Current = d.Versions.Where(v => v.Number == d.CurrentVersion).OrderBy(v => v.Number).Select(v => new { v.Sha256, v.Number }).First() })
            .FirstOrDefaultAsync(cancellationToken);
        try
        {
            await using var file = File.OpenRead(path);
            var content = await services.GetRequiredService<DocumentIntake>().StoreAsync(workspaceId, file, fileName, cancellationToken);
            var documents = services.GetRequiredService<DocumentService>();
            if (existing is not null && existing.Current.Sha256 == content.Sha256)
            {
                await services.GetRequiredService<DocumentIntake>().DeleteQuietlyAsync(content.StorageKey);
                return new ImportedFile(path, ImportStatus.Unchanged, existing.Id, existing.Current.Number, "Already imported with the same content.");
            }

            var result = existing is null
                ? await documents.CreateAsync(workspaceId, actorId, new DocumentMetadata(), content, cancellationToken)
                : await documents.AddVersionAsync(workspaceId, existing.Id, actorId, content, cancellationToken);
            return new ImportedFile(path, ImportStatus.NotYetSearchable, result.Document.Id, result.Version.Number, null);
        }
        catch (ProblemException problem)
        {
            return new ImportedFile(path, ImportStatus.Refused, null, null, problem.Message);
        }
    }

    /// <summary>
    /// Extracts and indexes the imported versions, reporting progress as each one finishes; returns when every
    /// one is searchable or has failed with a reason (or, with a site holding the index, after <see cref="IndexWait"/>).
    /// </summary>
    public async Task<IReadOnlyList<ImportedFile>> CompleteAsync(IReadOnlyList<ImportedFile> stored, IProgress<ImportedFile>? progress, CancellationToken cancellationToken)
    {
        var pending = stored.Where(f => f.Status == ImportStatus.NotYetSearchable).ToList();
        var versionIds = await VersionIdsAsync(pending, cancellationToken);

        // Work our own jobs; a running site may claim some of them, which is fine: we wait for those below.
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            if (!await scope.ServiceProvider.GetRequiredService<ExtractionProcessor>().RunOnceAsync(versionIds.Values.ToList(), cancellationToken))
            {
                break;
            }
        }

        var results = stored.ToDictionary(f => f.Path);
        var deadline = clock.GetUtcNow() + IndexWait;
        while (true)
        {
            var open = 0;
            foreach (var file in pending.Where(f => results[f.Path].Status == ImportStatus.NotYetSearchable))
            {
                var outcome = await FinishAsync(file, versionIds[file.Path], cancellationToken);
                results[file.Path] = outcome;
                if (outcome.Status == ImportStatus.NotYetSearchable)
                {
                    open++;
                }
                else
                {
                    progress?.Report(outcome);
                }
            }

            if (open == 0 || clock.GetUtcNow() > deadline)
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), clock, cancellationToken);
        }

        return stored.Select(f => results[f.Path]).ToList();
    }

    private async Task<ImportedFile> FinishAsync(ImportedFile file, Guid versionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var scopedDb = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var version = await scopedDb.DocumentVersions.AsNoTracking().Where(v => v.Id == versionId)
            .Select(v => new { v.ExtractionStatus, v.ExtractionError, v.IndexedAt }).FirstAsync(cancellationToken);
        switch (version.ExtractionStatus)
        {
            case ExtractionStatus.Failed:
                return file with { Status = ImportStatus.ExtractionFailed, Message = version.ExtractionError };
            case ExtractionStatus.Extracted when version.IndexedAt is not null:
                return file with { Status = ImportStatus.Searchable };
            case ExtractionStatus.Extracted:
                // Index it ourselves; when a running site holds the index this fails and the site's sync indexes it.
                var outcome = await scope.ServiceProvider.GetRequiredService<DocumentIndexer>().SyncDocumentAsync(file.DocumentId!.Value, cancellationToken);
                return outcome == IndexOutcome.Indexed ? file with { Status = ImportStatus.Searchable } : file;
            default:
                return file;
        }
    }

    private async Task<Dictionary<string, Guid>> VersionIdsAsync(List<ImportedFile> files, CancellationToken cancellationToken)
    {
        var ids = new Dictionary<string, Guid>();
        foreach (var file in files)
        {
            ids[file.Path] = await db.DocumentVersions.AsNoTracking()
                .Where(v => v.DocumentId == file.DocumentId && v.Number == file.Version).Select(v => v.Id).FirstAsync(cancellationToken);
        }

        return ids;
    }
}
