using System.Security.Cryptography;
using Cooperation.Knowledge;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Documents.Upload;

/// <summary>
/// The upload on its way to the store: the already-read prefix, then the rest of the body. Hashes and counts
/// what passes, and stops the transfer with a 413 the moment the file goes over the limit, so the rest is never read.
/// </summary>
internal sealed class IntakeStream(byte[] prefix, int prefixLength, Stream rest, long maxBytes) : ReadOnlyPassThroughStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private int _prefixPosition;
    private long _length;
    private byte[]? _sha256;

    public long BytesRead => _length;

    public string Sha256Hex => Convert.ToHexStringLower(_sha256 ??= _hash.GetHashAndReset());

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    public override int Read(Span<byte> buffer)
    {
        var read = ReadPrefix(buffer);
        if (read == 0)
        {
            read = rest.Read(buffer);
        }

        return Account(buffer[..read]);
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = ReadPrefix(buffer.Span);
        if (read == 0)
        {
            read = await rest.ReadAsync(buffer, cancellationToken);
        }

        return Account(buffer.Span[..read]);
    }

    private int ReadPrefix(Span<byte> buffer)
    {
        var available = Math.Min(prefixLength - _prefixPosition, buffer.Length);
        if (available <= 0)
        {
            return 0;
        }

        prefix.AsSpan(_prefixPosition, available).CopyTo(buffer);
        _prefixPosition += available;
        return available;
    }

    private int Account(ReadOnlySpan<byte> data)
    {
        _length += data.Length;
        if (_length > maxBytes)
        {
            throw UploadProblems.TooLarge(maxBytes);
        }

        _hash.AppendData(data);
        return data.Length;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }
}
