namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Formats that jump around their file (PDF cross-reference tables, zip directories at the end) need
/// a seekable stream. A stream that is not seekable is spooled to a temporary file, never to memory.
/// </summary>
internal sealed class SeekableContent : IAsyncDisposable
{
    private readonly bool _owned;

    private SeekableContent(Stream stream, bool owned)
    {
        Stream = stream;
        _owned = owned;
    }

    public Stream Stream { get; }

    public static SeekableContent Borrow(Stream stream) => new(stream, owned: false);

    public static async Task<SeekableContent> OpenAsync(Stream content, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            return Borrow(content);
        }

        var path = Path.Combine(Path.GetTempPath(), $"cooperation-extract-{Guid.NewGuid():N}.tmp");
        var spool = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await content.CopyToAsync(spool, cancellationToken);
            spool.Position = 0;
            return new SeekableContent(spool, owned: true);
        }
        catch
        {
            await spool.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_owned)
        {
            await Stream.DisposeAsync();
        }
    }
}
