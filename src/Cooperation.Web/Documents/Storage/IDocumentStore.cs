namespace Cooperation.Web.Documents.Storage;

/// <summary>Something in the store: committed content, or the leftovers of a write that never finished.</summary>
public sealed record StoredItem(string Key, DateTime LastModifiedUtc, long Length);

/// <summary>
/// Where document content lives: the file system under the data folder, or Azure Blob Storage. Every
/// implementation passes the same contract tests: a write is all-or-nothing and durable when it returns,
/// existing content is never overwritten, and reads are seekable (for Range requests).
/// </summary>
public interface IDocumentStore
{
    /// <summary>Writes the content under a new key. When this returns the content is durable; when it throws nothing is visible under the key.</summary>
    Task WriteAsync(string key, Stream content, CancellationToken cancellationToken);

    /// <summary>A seekable stream over the content, or a <see cref="FileNotFoundException"/>.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the content; removing what is not there is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Everything in the store, including leftovers of interrupted writes, for the orphan sweep.</summary>
    IAsyncEnumerable<StoredItem> ListAsync(CancellationToken cancellationToken);
}

/// <summary>Storage keys are made here from ids the server generated; nothing a person typed ever becomes part of one.</summary>
public static class StorageKeys
{
    public static string For(Guid workspaceId, Guid versionId) => $"{workspaceId:N}/{versionId:N}";
}
