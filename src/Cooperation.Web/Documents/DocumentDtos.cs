namespace Cooperation.Web.Documents;

/// <summary>Metadata given with an upload or changed later. Null leaves a field as it is (or default on upload).</summary>
public sealed record DocumentMetadata(
    string? Title = null,
    string? Language = null,
    DocumentKind? Kind = null,
    Guid? OfficeId = null,
    string? CountryCode = null,
    IReadOnlyList<string>? Tags = null);

public sealed record DocumentSummary(
    Guid Id,
    Guid WorkspaceId,
    string Title,
    string? Language,
    DocumentKind Kind,
    Guid? OfficeId,
    string? OfficeName,
    string? CountryCode,
    IReadOnlyList<string> Tags,
    int CurrentVersion,
    int VersionCount,
    string FileName,
    string MediaType,
    long Length,
    ExtractionStatus Extraction,
    string? ExtractionError,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    DateTime? DeletedAt);

public sealed record VersionSummary(
    int Number,
    bool IsCurrent,
    string FileName,
    string MediaType,
    long Length,
    string Sha256,
    string UploadedById,
    string UploadedBy,
    DateTime UploadedAt,
    ExtractionStatus Extraction,
    string? ExtractionError,
    int? PageCount,
    string? TextLanguage,
    DateTime? IndexedAt);

public sealed record DocumentDetails(DocumentSummary Document, IReadOnlyList<VersionSummary> Versions);

/// <summary>Another document of the workspace that already holds exactly the same content.</summary>
public sealed record DuplicateContent(Guid DocumentId, string Title, int Version, bool Deleted);

public sealed record UploadResult(DocumentSummary Document, VersionSummary Version, IReadOnlyList<DuplicateContent> Duplicates);

public sealed record PageText(int Number, string Text);

public sealed record VersionText(int Version, ExtractionStatus Extraction, string? ExtractionError, int PageCount, string? Language, IReadOnlyList<PageText> Pages);

public enum DocumentSort
{
    Updated,
    Created,
    Title,
    Kind,
    Language,
    Size,
}

/// <summary>Filters and order for the document list. <see cref="Deleted"/> lists the trash (coordinators).</summary>
public sealed record DocumentQuery(
    string? Search = null,
    DocumentKind? Kind = null,
    string? Language = null,
    string? Tag = null,
    Guid? OfficeId = null,
    string? CountryCode = null,
    DocumentSort Sort = DocumentSort.Updated,
    bool Descending = true,
    bool Deleted = false,
    int Skip = 0,
    int Take = 100);
