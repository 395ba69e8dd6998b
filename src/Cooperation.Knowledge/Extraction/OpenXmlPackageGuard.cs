using System.IO.Compression;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Judges an Office (zip) package from its central directory before the Open XML SDK touches it:
/// too many parts, a declared unpacked size over the limit, or an absurd compression ratio on a large
/// part are refused. While reading, every part is held to its declared size by the byte budget, and
/// when parsing fails the parts are checked for headers that understate their size, so that such a
/// file is reported as the bomb it is rather than as merely damaged.
/// </summary>
internal static class OpenXmlPackageGuard
{
    /// <summary>Ordinary XML compresses 5 to 30 times; deflate cannot exceed about 1,032.</summary>
    public const int MaxCompressionRatio = 200;

    /// <summary>Small parts may compress absurdly well (a run of empty cells) without harm.</summary>
    public const long RatioCheckMinimumBytes = 1024 * 1024;

    private const int DeflateMethod = 8;

    /// <summary>Checks the package, then runs <paramref name="read"/> on it within the budget.</summary>
    public static async Task<T> ReadAsync<T>(
        Stream package, ExtractionLimits limits, string formatName, Func<DecompressionBudget, T> read, CancellationToken cancellationToken)
    {
        var entries = await ReadDirectoryAsync(package, formatName, cancellationToken);
        var budget = Check(entries, limits, formatName, cancellationToken);
        package.Position = 0;
        try
        {
            return read(budget);
        }
        catch (Exception exception) when (exception is not ExtractionFailedException and not OperationCanceledException)
        {
            await ThrowIfAnyPartOutgrowsItsHeaderAsync(package, entries, cancellationToken);
            throw;
        }
    }

    public static ExtractionFailedException Understated(string partName, long declaredBytes) => new(
        $"The part {partName} unpacks to more than the {ByteSize.Format(declaredBytes)} its zip header declares; the file was refused as a possible zip bomb.");

    private static async Task<IReadOnlyList<ZipEntryInfo>> ReadDirectoryAsync(Stream package, string formatName, CancellationToken cancellationToken)
    {
        try
        {
            return await ZipCentralDirectory.ReadAsync(package, cancellationToken);
        }
        catch (InvalidDataException)
        {
            throw new ExtractionFailedException($"The {formatName} is damaged or incomplete: its zip structure cannot be read.");
        }
    }

    /// <summary>
    /// The zip-bomb rule as the package's directory declares it, without inflating anything: what upload screening
    /// refuses, and what extraction refuses before it opens the package. Null when the package passes.
    /// </summary>
    public static async Task<ExtractionFailedException?> ScreenAsync(Stream package, long maxDecompressedBytes, string formatName, CancellationToken cancellationToken)
    {
        try
        {
            return FindBomb(await ReadDirectoryAsync(package, formatName, cancellationToken), maxDecompressedBytes, formatName);
        }
        catch (ExtractionFailedException refusal)
        {
            return refusal;
        }
    }

    private static DecompressionBudget Check(IReadOnlyList<ZipEntryInfo> entries, ExtractionLimits limits, string formatName, CancellationToken cancellationToken)
    {
        if (entries.Any(entry => entry.IsEncrypted))
        {
            throw new ExtractionFailedException($"The {formatName} contains encrypted parts, so its text cannot be read.");
        }

        if (FindBomb(entries, limits.MaxDecompressedBytes, formatName) is { } bomb)
        {
            throw bomb;
        }

        var declaredSizes = new Dictionary<string, long>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in entries)
        {
            declaredSizes[entry.Name] = entry.UncompressedSize;
        }

        return new DecompressionBudget(limits.MaxDecompressedBytes, cancellationToken, declaredSizes);
    }

    private static ExtractionFailedException? FindBomb(IReadOnlyList<ZipEntryInfo> entries, long maxDecompressedBytes, string formatName)
    {
        long declaredTotal = 0;
        foreach (var entry in entries)
        {
            declaredTotal += entry.UncompressedSize;
            if (declaredTotal > maxDecompressedBytes || declaredTotal < 0)
            {
                return new ExtractionFailedException(
                    $"The {formatName} would unpack to more than {ByteSize.Format(maxDecompressedBytes)}, over the limit; it may be a zip bomb.");
            }

            if (entry.UncompressedSize > RatioCheckMinimumBytes
                && entry.UncompressedSize > entry.CompressedSize * MaxCompressionRatio)
            {
                return new ExtractionFailedException(
                    $"The {formatName} has a part that claims to unpack from {ByteSize.Format(entry.CompressedSize)} to {ByteSize.Format(entry.UncompressedSize)}; files with such ratios are zip bombs, so it was not opened.");
            }
        }

        return null;
    }

    /// <summary>
    /// Inflates each part's raw data just past its declared size. The zip reader stops at the declared
    /// size, so a part whose header understates it only shows up to the parser as truncated XML.
    /// </summary>
    private static async Task ThrowIfAnyPartOutgrowsItsHeaderAsync(Stream package, IReadOnlyList<ZipEntryInfo> entries, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        foreach (var entry in entries)
        {
            if (entry.CompressionMethod != DeflateMethod)
            {
                continue;
            }

            try
            {
                var data = await ZipCentralDirectory.OpenRawDataAsync(package, entry, cancellationToken);
                await using var inflater = new DeflateStream(data, CompressionMode.Decompress);
                long produced = 0;
                int read;
                while (produced <= entry.UncompressedSize
                    && (read = await inflater.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, entry.UncompressedSize + 1 - produced)), cancellationToken)) > 0)
                {
                    produced += read;
                }

                if (produced > entry.UncompressedSize)
                {
                    throw Understated(entry.Name, entry.UncompressedSize);
                }
            }
            catch (InvalidDataException)
            {
                // A part that does not even inflate is damaged, which the parser's failure already says.
            }
        }
    }
}
