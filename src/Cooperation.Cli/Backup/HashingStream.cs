using System.Security.Cryptography;
using Cooperation.Knowledge;

namespace Cooperation.Cli.Backup;

/// <summary>Passes reads through and hashes what went by, so content is verified in the same pass that copies it.</summary>
internal sealed class HashingStream(Stream inner) : ReadOnlyPassThroughStream
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public string Sha256() => Convert.ToHexStringLower(_hash.GetHashAndReset());

    /// <summary>Whether what went by is the version's content: its recorded length and SHA-256. Call once, after the last read.</summary>
    public bool Matches(BackupContent version) => BytesRead == version.Length && Sha256() == version.Sha256;

    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        Seen(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        Seen(buffer.Span[..read]);
        return read;
    }

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _hash.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Seen(ReadOnlySpan<byte> bytes)
    {
        _hash.AppendData(bytes);
        BytesRead += bytes.Length;
    }
}
