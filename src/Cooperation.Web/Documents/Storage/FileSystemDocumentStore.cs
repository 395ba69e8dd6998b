using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Cooperation.Web.Documents.Storage;

/// <summary>
/// Content as files under one folder. A write goes to a temporary file in ".incoming", is flushed to disk,
/// then renamed into place, so a crash leaves either nothing or a leftover in ".incoming" for the sweep,
/// never a half-written file under a real key.
/// </summary>
public sealed partial class FileSystemDocumentStore : IDocumentStore
{
    private const string IncomingFolder = ".incoming";
    private const int CopyBufferSize = 1 << 18;
    private readonly string _root;

    public FileSystemDocumentStore(string root)
    {
        _root = Path.GetFullPath(root);
        Directory.CreateDirectory(Path.Combine(_root, IncomingFolder));
    }

    public string Root => _root;

    public async Task WriteAsync(string key, Stream content, CancellationToken cancellationToken)
    {
        var target = PathOf(key);
        if (File.Exists(target))
        {
            throw new IOException($"Content already exists under {key}; stored content is never overwritten.");
        }

        var temporary = Path.Combine(_root, IncomingFolder, $"{Guid.NewGuid():N}.part");
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, CopyBufferSize, FileOptions.Asynchronous))
            {
                await content.CopyToAsync(file, CopyBufferSize, cancellationToken);
                await file.FlushAsync(cancellationToken);
                // Durable before the rename and before the caller commits a row that points at it.
                file.Flush(flushToDisk: true);
            }

            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Move(temporary, target, overwrite: false);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No content under {key}.");
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, CopyBufferSize, FileOptions.Asynchronous));
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        TryDelete(PathOf(key));
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<StoredItem> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (var path in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                continue;
            }

            var key = Path.GetRelativePath(_root, path).Replace(Path.DirectorySeparatorChar, '/');
            yield return new StoredItem(key, info.LastWriteTimeUtc, info.Length);
        }
    }

    private string PathOf(string key)
    {
        // Keys come from StorageKeys or from ListAsync; anything else is a bug, and must not reach outside the root.
        if (!ValidKey().IsMatch(key))
        {
            throw new ArgumentException($"'{key}' is not a storage key.", nameof(key));
        }

        return Path.Combine(_root, key.Replace('/', Path.DirectorySeparatorChar));
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Still open elsewhere (a download in progress); the sweep tries again later.
        }
    }

    [GeneratedRegex(@"^(?:[0-9a-f]{32}/[0-9a-f]{32}|\.incoming/[0-9a-f]{32}\.part)$")]
    private static partial Regex ValidKey();
}
