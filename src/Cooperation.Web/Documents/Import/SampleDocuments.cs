using Cooperation.Web.Data;
using Cooperation.Web.Documents.Upload;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Documents.Import;

/// <summary>
/// Sample texts embedded in this assembly (one folder of SampleData each), added to a workspace through the same
/// intake, version and extraction queue as an upload, so the queue extracts and indexes them. Adds only what is
/// missing, and never brings back a sample someone deleted.
/// </summary>
internal sealed partial class SampleDocuments(DocumentIntake intake, DocumentService documents, ILogger<SampleDocuments> logger)
{
    /// <summary>How a sample is filed; a file not listed is filed as "other".</summary>
    public sealed record Filing(DocumentKind Kind, string? CountryCode = null);

    /// <summary>Adds the folder's files the workspace lacks (by file name); returns the ids of those added, in file name order.</summary>
    public async Task<List<Guid>> AddMissingAsync(CooperationDb db, Guid workspaceId, string actorId, string folder, IReadOnlyDictionary<string, Filing> filings, CancellationToken cancellationToken)
    {
        var prefix = $"Cooperation.Web.SampleData.{folder}.";
        var present = await db.Documents.Where(d => d.WorkspaceId == workspaceId)
            .SelectMany(d => d.Versions.Select(v => v.FileName)).ToListAsync(cancellationToken);
        var assembly = typeof(SampleDocuments).Assembly;
        var added = new List<Guid>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order())
        {
            var fileName = resource[prefix.Length..];
            if (present.Contains(fileName))
            {
                continue;
            }

            await using var stream = assembly.GetManifestResourceStream(resource)!;
            var title = await TitleAsync(assembly, resource, fileName, cancellationToken);
            var content = await intake.StoreAsync(workspaceId, stream, fileName, cancellationToken);
            var filing = filings.GetValueOrDefault(fileName, new Filing(DocumentKind.Other));
            var language = Path.GetFileNameWithoutExtension(fileName).Split('-')[^1];
            var result = await documents.CreateAsync(workspaceId, actorId, new DocumentMetadata(title, language, filing.Kind, null, filing.CountryCode, ["sample"]), content, cancellationToken);
            added.Add(result.Document.Id);
            LogSeeded(logger, fileName, folder);
        }

        return added;
    }

    /// <summary>The text of the file's first heading, shortened to fit a title.</summary>
    private static async Task<string> TitleAsync(System.Reflection.Assembly assembly, string resource, string fileName, CancellationToken cancellationToken)
    {
        await using var stream = assembly.GetManifestResourceStream(resource)!;
        using var reader = new StreamReader(stream);
        var first = (await reader.ReadLineAsync(cancellationToken))?.TrimStart('#', ' ').Trim() ?? "";
        return first.Length == 0 ? fileName : first.Length > Document.TitleMaxLength ? first[..Document.TitleMaxLength] : first;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Added sample document {FileName} from SampleData/{Folder}")]
    private static partial void LogSeeded(ILogger logger, string fileName, string folder);
}
