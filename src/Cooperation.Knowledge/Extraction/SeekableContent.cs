namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Formats that jump around their file (PDF cross-reference tables, zip directories at the end) need
/// a seekable stream. A stream that is not seekable is spooled to a temporary file, never to memory.
/// </summary>
internal sealed class SeekableContent : IAsyncDisposable
{
    private readonly Stream? _owned;

    private SeekableContent(Stream stream, Stream? owned)
    {
        Stream = stream;
        _owned = owned;
    }

    public Stream Stream { get; }

    public static SeekableContent Borrow(Stream stream) => new(new ContentSourceStream(stream), owned: null);

    /// <summary>The content as a seekable stream whose own read failures are marked as <see cref="ContentSourceException"/>.</summary>
    public static async Task<SeekableContent> OpenAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            return Borrow(content);
        }

        FileStream? spool = null;
        try
        {
            var path = Path.Combine(Path.GetTempPath(), $"cooperation-extract-{Guid.NewGuid():N}.tmp");
            spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
            await content.CopyToAsync(spool, cancellationToken);
            spool.Position = 0;
            return new SeekableContent(new ContentSourceStream(spool), spool);
        }
        catch (OperationCanceledException)
        {
            await DisposeSpoolAsync();
            throw;
        }
        catch (Exception exception)
        {
            await DisposeSpoolAsync();
            // Neither a failing source nor a full temporary disk says anything about the file.
            throw new ContentSourceException(exception);
        }

        async ValueTask DisposeSpoolAsync()
        {
            if (spool is not null)
            {
                await spool.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned is not null)
        {
            await _owned.DisposeAsync();
        }
    }
}
