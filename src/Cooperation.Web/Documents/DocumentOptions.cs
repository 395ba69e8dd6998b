using System.ComponentModel.DataAnnotations;
using Cooperation.Knowledge;

namespace Cooperation.Web.Documents;

public enum DocumentStoreProvider
{
    FileSystem,
    AzureBlob,
}

/// <summary>The "DocumentStorage" section: where document content lives and how big an upload may be.</summary>
public sealed class DocumentStorageOptions : IValidatableObject
{
    public const string Section = "DocumentStorage";

    public DocumentStoreProvider Provider { get; set; } = DocumentStoreProvider.FileSystem;

    /// <summary>The largest file accepted, in bytes (default 256 MB).</summary>
    [Range(1, long.MaxValue)]
    public long MaxUploadBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>For FileSystem: the folder of document content; default "documents" under the data folder.</summary>
    public string? Path { get; set; }

    /// <summary>For AzureBlob: a connection string (Azurite, or an account key)...</summary>
    public string? ConnectionString { get; set; }

    /// <summary>...or the account's blob endpoint, used with DefaultAzureCredential (managed identity).</summary>
    public Uri? AccountUri { get; set; }

    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", ErrorMessage = "DocumentStorage:Container must be a valid blob container name (3-63 lower-case letters, digits and single hyphens).")]
    public string Container { get; set; } = "documents";

    /// <summary>How often content that no version references is looked for.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Content younger than this is never swept, so an upload still being committed is left alone.</summary>
    public TimeSpan SweepGracePeriod { get; set; } = TimeSpan.FromHours(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DocumentStoreProvider.AzureBlob && string.IsNullOrWhiteSpace(ConnectionString) && AccountUri is null)
        {
            yield return new ValidationResult("DocumentStorage:Provider is AzureBlob: set DocumentStorage:ConnectionString or DocumentStorage:AccountUri.");
        }

        if (SweepInterval <= TimeSpan.Zero)
        {
            yield return new ValidationResult("DocumentStorage:SweepInterval must be positive.");
        }

        if (SweepGracePeriod < TimeSpan.Zero)
        {
            yield return new ValidationResult("DocumentStorage:SweepGracePeriod cannot be negative.");
        }
    }
}

/// <summary>The "DocumentExtraction" section: the background text extraction queue and its caps.</summary>
public sealed class DocumentExtractionOptions : IValidatableObject
{
    public const string Section = "DocumentExtraction";

    /// <summary>Whether this process works the queue (the site does; a node can be kept out of it).</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 1_000_000)]
    public int MaxPages { get; set; } = 5_000;

    [Range(1, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Longest time one file may take; a file that takes longer fails with a reason.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a claimed job stays with the instance that claimed it before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the queue is checked for work added by other instances or the CLI.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Tries before a job that keeps failing for reasons other than the file itself is given up.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often this node's search index is compared with the database and brought in step.</summary>
    public TimeSpan IndexSyncInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The caps as Knowledge takes them, for extraction and for the screening of uploads alike.</summary>
    public ExtractionLimits Limits => new(MaxPages, MaxDecompressedBytes, Timeout);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, value) in new[] { ("Timeout", Timeout), ("Lease", Lease), ("PollInterval", PollInterval), ("IndexSyncInterval", IndexSyncInterval) })
        {
            if (value <= TimeSpan.Zero)
            {
                yield return new ValidationResult($"DocumentExtraction:{name} must be positive.");
            }
        }

        if (Lease <= Timeout)
        {
            yield return new ValidationResult("DocumentExtraction:Lease must be longer than DocumentExtraction:Timeout, or a slow job would be taken over while it still runs.");
        }
    }
}
