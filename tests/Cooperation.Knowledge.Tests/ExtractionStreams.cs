namespace Cooperation.Knowledge.Tests;

/// <summary>A stream that can only be read forwards, like a network response body.</summary>
internal sealed class ForwardOnlyStream(byte[] content) : ReadOnlyPassThroughStream
{
    private readonly MemoryStream _inner = new(content);

    public override int Read(Span<byte> buffer) => _inner.Read(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);
}

/// <summary>A seekable stream over real content whose storage fails once reading passes a point, like a dropped connection.</summary>
internal sealed class FailingStorageStream(byte[] content, long failAfter, bool canSeek = true) : Stream
{
    public const string FailureMessage = "The storage connection was reset.";

    private readonly MemoryStream _inner = new(content);

    public override bool CanRead => true;

    public override bool CanSeek => canSeek;

    public override bool CanWrite => false;

    public override long Length => canSeek ? _inner.Length : throw new NotSupportedException();

    public override long Position
    {
        get => canSeek ? _inner.Position : throw new NotSupportedException();
        set => _inner.Position = canSeek ? value : throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_inner.Position + count > failAfter)
        {
            throw new IOException(FailureMessage);
        }

        return _inner.Read(buffer, offset, count);
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => canSeek ? _inner.Seek(offset, origin) : throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
