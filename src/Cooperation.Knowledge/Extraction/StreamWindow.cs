namespace Cooperation.Knowledge.Extraction;

/// <summary>A read-only window onto a range of a seekable stream, such as one zip entry's stored bytes.</summary>
internal sealed class StreamWindow(Stream inner, long start, long length) : Stream
{
    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position
    {
        get => _position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        inner.Position = start + _position;
        var read = inner.Read(buffer[..wanted]);
        _position += read;
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var wanted = (int)Math.Min(buffer.Length, length - _position);
        if (wanted <= 0)
        {
            return 0;
        }

        inner.Position = start + _position;
        var read = await inner.ReadAsync(buffer[..wanted], cancellationToken);
        _position += read;
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
