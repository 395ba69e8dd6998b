using System.Globalization;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Counts the bytes actually produced while reading a document, across all its parts, and for zip
/// packages also per part against the size the zip directory declared: a header that understates a
/// part's size is caught as soon as the part produces one byte more than it declared.
/// </summary>
internal sealed class DecompressionBudget(long maxBytes, CancellationToken cancellationToken, IReadOnlyDictionary<string, long>? declaredPartSizes = null)
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
    public Stream Watch(Stream stream, bool leaveOpen = false) => new BudgetedReadStream(stream, this, leaveOpen, null, null);

    /// <summary>Wraps the stream of a zip part so it may not produce more than its declared size.</summary>
    public Stream Watch(Stream stream, Uri partUri)
    {
        var name = Uri.UnescapeDataString(partUri.OriginalString).TrimStart('/');
        long? declared = declaredPartSizes is not null && declaredPartSizes.TryGetValue(name, out var size) ? size : null;
        return new BudgetedReadStream(stream, this, leaveOpen: false, name, declared);
    }
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
