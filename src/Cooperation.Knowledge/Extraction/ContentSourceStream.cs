namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Wraps the caller's content so that a failure of the stream itself (a storage or network error) can
/// be told apart from a parser choking on the bytes: the former is not the file's fault and must not
/// be recorded as "damaged".
/// </summary>
internal sealed class ContentSourceStream(Stream inner) : ReadOnlyPassThroughStream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override long Length => Guard(() => inner.Length);

    public override long Position
    {
        get => Guard(() => inner.Position);
        set => Guard(() => inner.Position = value);
    }

    public override int Read(Span<byte> buffer)
    {
        try
        {
            return inner.Read(buffer);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ContentSourceException(exception);
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            return await inner.ReadAsync(buffer, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            throw new ContentSourceException(exception);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Guard(() => inner.Seek(offset, origin));

    private static T Guard<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not NotSupportedException)
        {
            throw new ContentSourceException(exception);
        }
    }
}

/// <summary>Reading the content failed for a reason outside the file; carries the original error.</summary>
internal sealed class ContentSourceException(Exception inner) : IOException(inner.Message, inner);
