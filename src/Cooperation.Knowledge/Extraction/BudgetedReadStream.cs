namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// A read-only, forward-only view of a stream that charges every byte read to a budget and, for a zip
/// part, refuses to produce more bytes than the part declared.
/// </summary>
internal sealed class BudgetedReadStream(Stream inner, DecompressionBudget budget, bool leaveOpen, string? partName, long? declaredSize) : ReadOnlyPassThroughStream
{
    private long _produced;

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Charge(read);
        return read;
    }

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

    protected override void Dispose(bool disposing)
    {
        if (disposing && !leaveOpen)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
