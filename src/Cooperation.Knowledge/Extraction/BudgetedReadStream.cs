namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// A read-only, forward-only view of a stream that charges every byte read to a budget and, for a zip
/// part, refuses to produce more bytes than the part declared.
/// </summary>
internal sealed class BudgetedReadStream(Stream inner, DecompressionBudget budget, bool leaveOpen, string? partName, long? declaredSize) : Stream
{
    private long _produced;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Charge(read);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Charge(read);
        return read;
    }

    private void Charge(int read)
    {
        budget.Consume(read);
        _produced += read;
        if (declaredSize is { } limit && _produced > limit)
        {
            throw OpenXmlPackageGuard.Understated(partName ?? "?", limit);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
