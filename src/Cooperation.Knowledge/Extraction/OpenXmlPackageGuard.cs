namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Judges an Office (zip) package from its central directory before the Open XML SDK touches it:
/// too many parts, a declared unpacked size over the limit, or an absurd compression ratio on a large
/// part are refused. What the directory declares is then enforced while reading by a byte budget.
/// </summary>
internal static class OpenXmlPackageGuard
{
    /// <summary>Ordinary XML compresses 5 to 30 times; deflate cannot exceed about 1,032.</summary>
    public const int MaxCompressionRatio = 200;

    /// <summary>Small parts may compress absurdly well (a run of empty cells) without harm.</summary>
    public const long RatioCheckMinimumBytes = 1024 * 1024;

    public static async Task<DecompressionBudget> CheckAsync(
        Stream package, ExtractionLimits limits, string formatName, CancellationToken cancellationToken)
    {
        IReadOnlyList<ZipEntryInfo> entries;
        try
        {
            entries = await ZipCentralDirectory.ReadAsync(package, cancellationToken);
        }
        catch (InvalidDataException)
        {
            throw new ExtractionFailedException($"The {formatName} is damaged or incomplete: its zip structure cannot be read.");
        }

        long declaredTotal = 0;
        foreach (var entry in entries)
        {
            if (entry.IsEncrypted)
            {
                throw new ExtractionFailedException($"The {formatName} contains encrypted parts, so its text cannot be read.");
            }

            declaredTotal += entry.UncompressedSize;
            if (declaredTotal > limits.MaxDecompressedBytes || declaredTotal < 0)
            {
                throw new ExtractionFailedException(
                    $"The {formatName} would unpack to more than {ByteSize.Format(limits.MaxDecompressedBytes)}, over the limit; it may be a zip bomb.");
            }

            if (entry.UncompressedSize > RatioCheckMinimumBytes
                && entry.UncompressedSize > entry.CompressedSize * MaxCompressionRatio)
            {
                throw new ExtractionFailedException(
                    $"The {formatName} has a part that claims to unpack from {ByteSize.Format(entry.CompressedSize)} to {ByteSize.Format(entry.UncompressedSize)}; files with such ratios are zip bombs, so it was not opened.");
            }
        }

        package.Position = 0;
        return new DecompressionBudget(limits.MaxDecompressedBytes, cancellationToken);
    }
}
