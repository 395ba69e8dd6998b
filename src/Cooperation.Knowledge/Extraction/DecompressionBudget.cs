using System.Globalization;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Counts the bytes actually produced while reading a document, across all its parts, so that a zip
/// entry whose header understates its size cannot inflate past the limit.
/// </summary>
internal sealed class DecompressionBudget(long maxBytes, CancellationToken cancellationToken)
{
    private long _used;

    public long MaxBytes => maxBytes;

    public CancellationToken CancellationToken => cancellationToken;

    public void Consume(int bytes)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _used += bytes;
        if (_used > maxBytes)
        {
            throw new ExtractionFailedException(
                $"The file unpacks to more than {ByteSize.Format(maxBytes)} of content, over the limit; it may be a zip bomb.");
        }
    }

    /// <summary>Wraps a stream so every byte read from it is counted.</summary>
    public Stream Watch(Stream stream, bool leaveOpen = false) => new BudgetedReadStream(stream, this, leaveOpen);
}

internal static class ByteSize
{
    public static string Format(long bytes) => bytes switch
    {
        >= 1L << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):0.#} GB"),
        >= 1L << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 20):0.#} MB"),
        >= 1L << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 10):0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
    };
}
