namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Wraps the caller's content so that a failure of the stream itself (a storage or network error) can
/// be told apart from a parser choking on the bytes: the former is not the file's fault and must not
/// be recorded as "damaged".
/// </summary>
internal sealed class ContentSourceStream(Stream inner) : Stream
{
    public override bool CanRead => inner.CanRead;

    public override bool CanSeek => inner.CanSeek;

    public override bool CanWrite => false;

    public override long Length => Guard(() => inner.Length);

    public override long Position
    {
        get => Guard(() => inner.Position);
        set => Guard(() => inner.Position = value);
    }

    public override int Read(byte[] buffer, int offset, int count) => Guard(() => inner.Read(buffer, offset, count));

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

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => Guard(() => inner.Seek(offset, origin));

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

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
