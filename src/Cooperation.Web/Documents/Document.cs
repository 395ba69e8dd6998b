namespace Cooperation.Web.Documents;

/// <summary>What a document is, for filtering the list.</summary>
public enum DocumentKind
{
    Other = 0,
    Treaty,
    Law,
    Regulation,
    Guideline,
    Agreement,
    Minutes,
    Presentation,
}

/// <summary>A shared document in a workspace. Its content lives in <see cref="DocumentVersion"/>s; one is current.</summary>
public sealed class Document
{
    public const int TitleMaxLength = 300;
    public const int MaxTags = 20;
    public const int TagMaxLength = 40;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Title { get; set; }

    /// <summary>BCP 47 language of the document, as people said it is (extraction guesses one per version too).</summary>
    public string? Language { get; set; }

    public Guid? OfficeId { get; set; }

    /// <summary>ISO 3166-1 alpha-2; the office's country when an office is given.</summary>
    public string? CountryCode { get; set; }

    public DocumentKind Kind { get; set; }

    /// <summary>Tags stored as "|a|b|" so that one tag can be matched in SQL on every database.</summary>
    public string Tags { get; set; } = "";

    /// <summary>The number of the version people see and the assistant cites.</summary>
    public int CurrentVersion { get; set; }

    /// <summary>The highest version number given out. Incrementing it locks the row, which serialises concurrent uploads.</summary>
    public int LastVersion { get; set; }

    public required string CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>Soft delete: hidden from readers and the assistant, restorable by a coordinator until purged.</summary>
    public DateTime? DeletedAt { get; set; }

    public string? DeletedById { get; set; }

    public List<DocumentVersion> Versions { get; init; } = [];

    public IReadOnlyList<string> TagList => Tags.Split('|', StringSplitOptions.RemoveEmptyEntries);

    public static string JoinTags(IEnumerable<string> tags)
    {
        var list = tags.ToList();
        return list.Count == 0 ? "" : "|" + string.Join('|', list) + "|";
    }
}

public enum ExtractionStatus
{
    Pending = 0,
    Extracting,
    Extracted,
    Failed,
}

/// <summary>
/// One stored file. The row is committed only after its content is durable in the store, so a version that
/// exists is always complete; its content never changes afterwards (the hash is the ETag).
/// </summary>
public sealed class DocumentVersion
{
    public const int FileNameMaxLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid DocumentId { get; init; }
    public int Number { get; set; }

    /// <summary>The uploaded file's name, sanitised, for display and downloads only.</summary>
    public required string FileName { get; init; }

    public required string MediaType { get; init; }
    public long Length { get; init; }

    /// <summary>Lower-case hex SHA-256 of the content, computed while it streamed in.</summary>
    public required string Sha256 { get; init; }

    /// <summary>Where the content is in the store; made by the server, never from anything the uploader sent.</summary>
    public required string StorageKey { get; init; }

    public required string UploadedById { get; init; }
    public DateTime UploadedAt { get; init; }

    public ExtractionStatus ExtractionStatus { get; set; }

    /// <summary>Why extraction failed, in words the uploader can act on.</summary>
    public string? ExtractionError { get; set; }

    public int? PageCount { get; set; }
    public string? TextLanguage { get; set; }
    public DateTime? ExtractedAt { get; set; }

    /// <summary>When a node first put this version in its search index (the CLI waits for it).</summary>
    public DateTime? IndexedAt { get; set; }

    public Document? Document { get; init; }
}

/// <summary>Extracted text of one page (or slide, sheet, section) of a version.</summary>
public sealed class DocumentPage
{
    public Guid VersionId { get; init; }
    public int Number { get; init; }
    public required string Text { get; init; }
}

public enum ExtractionJobState
{
    Pending = 0,
    Running,
}

/// <summary>
/// Pending text extraction, kept in the database so it survives restarts and is shared by every instance.
/// An instance takes a job by setting its claim token in one conditional UPDATE; the lease lets another
/// instance take over a job whose instance died. Finished jobs are deleted (the version keeps the result).
/// </summary>
public sealed class ExtractionJob
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid VersionId { get; init; }
    public ExtractionJobState State { get; set; }
    public Guid? ClaimToken { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime AvailableAt { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedAt { get; init; }
}
