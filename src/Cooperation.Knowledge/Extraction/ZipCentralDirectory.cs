using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Cooperation.Knowledge.Extraction;

/// <summary>One entry as the zip central directory declares it; nothing here has been inflated.</summary>
internal sealed record ZipEntryInfo(
    string Name,
    long CompressedSize,
    long UncompressedSize,
    int CompressionMethod,
    bool IsEncrypted,
    long LocalHeaderOffset);

/// <summary>
/// Reads a zip file's central directory by hand, so that the number of entries and their declared
/// sizes can be judged before any library inflates a byte. Stops at a fixed entry count instead of
/// trusting the count the file declares.
/// </summary>
internal static class ZipCentralDirectory
{
    public const int MaxEntries = 10_000;

    private const int MaxDirectoryBytes = 16 * 1024 * 1024;
    private const int EndRecordLength = 22;
    private const int Zip64LocatorLength = 20;
    private const int Zip64EndRecordLength = 56;
    private const int EntryHeaderLength = 46;
    private const int LocalHeaderLength = 30;
    private const uint EndSignature = 0x06054b50;
    private const uint Zip64EndSignature = 0x06064b50;
    private const uint Zip64LocatorSignature = 0x07064b50;
    private const uint EntrySignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;
    private const ushort Zip64ExtraFieldId = 0x0001;

    /// <exception cref="InvalidDataException">The zip structure is damaged or missing.</exception>
    /// <exception cref="ExtractionFailedException">The file holds more entries than anyone's document needs.</exception>
    public static async Task<IReadOnlyList<ZipEntryInfo>> ReadAsync(Stream zip, CancellationToken cancellationToken)
    {
        if (!zip.CanSeek)
        {
            throw new ArgumentException("The zip content must be seekable.", nameof(zip));
        }

        var length = zip.Length;
        if (length < EndRecordLength)
        {
            throw new InvalidDataException("The file is too short to be a zip archive.");
        }

        var tailLength = (int)Math.Min(length, EndRecordLength + ushort.MaxValue);
        var tail = new byte[tailLength];
        await ReadAtAsync(zip, length - tailLength, tail, cancellationToken);
        var endIndex = FindEndRecord(tail);
        if (endIndex < 0)
        {
            throw new InvalidDataException("The zip archive has no end-of-directory record; it is probably truncated.");
        }

        var endPosition = length - tailLength + endIndex;
        var end = tail.AsSpan(endIndex);
        long entryCount = U16(end, 10);
        long directorySize = U32(end, 12);
        long directoryOffset = U32(end, 16);
        if (U16(end, 4) != 0 && U16(end, 4) != ushort.MaxValue)
        {
            throw new InvalidDataException("The zip archive spans several disks.");
        }

        if (entryCount == ushort.MaxValue || directorySize == uint.MaxValue || directoryOffset == uint.MaxValue)
        {
            (entryCount, directorySize, directoryOffset) = await ReadZip64EndAsync(zip, endPosition, cancellationToken);
        }

        if (entryCount > MaxEntries)
        {
            throw new ExtractionFailedException(string.Create(
                CultureInfo.InvariantCulture,
                $"The file is a zip package of {entryCount:N0} parts, more than the {MaxEntries:N0} a document may have."));
        }

        if (directorySize > MaxDirectoryBytes || directoryOffset < 0 || directoryOffset + directorySize > endPosition)
        {
            throw new InvalidDataException("The zip archive's directory lies outside the file.");
        }

        var directory = new byte[directorySize];
        await ReadAtAsync(zip, directoryOffset, directory, cancellationToken);
        return ParseEntries(directory, (int)entryCount, length);
    }

    /// <summary>Reads one small entry whole, refusing it if it inflates beyond <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadEntryAsync(Stream zip, ZipEntryInfo entry, int maxBytes, CancellationToken cancellationToken)
    {
        if (entry.IsEncrypted || entry.CompressedSize > maxBytes || entry.UncompressedSize > maxBytes)
        {
            throw new InvalidDataException($"The entry {entry.Name} is too large or encrypted.");
        }

        var compressed = new byte[entry.CompressedSize];
        await using (var data = await OpenRawDataAsync(zip, entry, cancellationToken))
        {
            await data.ReadExactlyAsync(compressed, cancellationToken);
        }

        if (entry.CompressionMethod == 0)
        {
            return compressed;
        }

        if (entry.CompressionMethod != 8)
        {
            throw new InvalidDataException($"The entry {entry.Name} uses an unsupported compression method.");
        }

        await using var inflater = new System.IO.Compression.DeflateStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        var output = new byte[maxBytes + 1];
        var total = await inflater.ReadAtLeastAsync(output, output.Length, throwOnEndOfStream: false, cancellationToken);
        if (total > maxBytes)
        {
            throw new InvalidDataException($"The entry {entry.Name} inflates beyond its declared size.");
        }

        return output[..total];
    }

    /// <summary>The entry's stored bytes, exactly as they lie in the file (still compressed).</summary>
    public static async Task<Stream> OpenRawDataAsync(Stream zip, ZipEntryInfo entry, CancellationToken cancellationToken)
    {
        var header = new byte[LocalHeaderLength];
        await ReadAtAsync(zip, entry.LocalHeaderOffset, header, cancellationToken);
        if (U32(header, 0) != LocalHeaderSignature)
        {
            throw new InvalidDataException($"The local header of {entry.Name} is missing.");
        }

        var dataOffset = entry.LocalHeaderOffset + LocalHeaderLength + U16(header, 26) + U16(header, 28);
        if (dataOffset + entry.CompressedSize > zip.Length)
        {
            throw new InvalidDataException($"The data of {entry.Name} lies outside the file.");
        }

        return new StreamWindow(zip, dataOffset, entry.CompressedSize);
    }

    private static int FindEndRecord(byte[] tail)
    {
        // Scan backwards: the record sits at the very end unless the archive carries a comment.
        for (var i = tail.Length - EndRecordLength; i >= 0; i--)
        {
            if (U32(tail, i) == EndSignature && i + EndRecordLength + U16(tail, i + 20) <= tail.Length)
            {
                return i;
            }
        }

        return -1;
    }

    private static async Task<(long Count, long Size, long Offset)> ReadZip64EndAsync(Stream zip, long endPosition, CancellationToken cancellationToken)
    {
        if (endPosition < Zip64LocatorLength)
        {
            throw new InvalidDataException("The zip64 locator is missing.");
        }

        var locator = new byte[Zip64LocatorLength];
        await ReadAtAsync(zip, endPosition - Zip64LocatorLength, locator, cancellationToken);
        if (U32(locator, 0) != Zip64LocatorSignature)
        {
            throw new InvalidDataException("The zip64 locator is missing.");
        }

        var recordOffset = I64(locator, 8);
        if (recordOffset < 0 || recordOffset + Zip64EndRecordLength > endPosition)
        {
            throw new InvalidDataException("The zip64 end record lies outside the file.");
        }

        var record = new byte[Zip64EndRecordLength];
        await ReadAtAsync(zip, recordOffset, record, cancellationToken);
        if (U32(record, 0) != Zip64EndSignature)
        {
            throw new InvalidDataException("The zip64 end record is damaged.");
        }

        return (I64(record, 32), I64(record, 40), I64(record, 48));
    }

    private static List<ZipEntryInfo> ParseEntries(byte[] directory, int entryCount, long fileLength)
    {
        var entries = new List<ZipEntryInfo>(entryCount);
        var position = 0;
        for (var index = 0; index < entryCount; index++)
        {
            if (position + EntryHeaderLength > directory.Length || U32(directory, position) != EntrySignature)
            {
                throw new InvalidDataException("The zip directory is damaged.");
            }

            var header = directory.AsSpan(position);
            var flags = U16(header, 8);
            var method = U16(header, 10);
            long compressed = U32(header, 20);
            long uncompressed = U32(header, 24);
            var nameLength = U16(header, 28);
            var extraLength = U16(header, 30);
            var commentLength = U16(header, 32);
            long localOffset = U32(header, 42);
            var next = position + EntryHeaderLength + nameLength + extraLength + commentLength;
            if (next > directory.Length)
            {
                throw new InvalidDataException("The zip directory is damaged.");
            }

            var nameBytes = header.Slice(EntryHeaderLength, nameLength);
            var name = (flags & 0x0800) != 0 ? Encoding.UTF8.GetString(nameBytes) : Encoding.Latin1.GetString(nameBytes);
            var extra = header.Slice(EntryHeaderLength + nameLength, extraLength);
            if (compressed == uint.MaxValue || uncompressed == uint.MaxValue || localOffset == uint.MaxValue)
            {
                (compressed, uncompressed, localOffset) = ApplyZip64Extra(extra, compressed, uncompressed, localOffset);
            }

            if (compressed < 0 || uncompressed < 0 || localOffset < 0 || localOffset >= fileLength)
            {
                throw new InvalidDataException("The zip directory declares impossible sizes.");
            }

            entries.Add(new ZipEntryInfo(name, compressed, uncompressed, method, (flags & 0x0001) != 0, localOffset));
            position = next;
        }

        return entries;
    }

    private static (long Compressed, long Uncompressed, long Offset) ApplyZip64Extra(
        ReadOnlySpan<byte> extra, long compressed, long uncompressed, long offset)
    {
        while (extra.Length >= 4)
        {
            var id = U16(extra, 0);
            var size = U16(extra, 2);
            if (4 + size > extra.Length)
            {
                break;
            }

            if (id == Zip64ExtraFieldId)
            {
                var field = extra.Slice(4, size);
                var at = 0;
                // The zip64 field lists only the values whose 32-bit slot overflowed, in this order.
                if (uncompressed == uint.MaxValue && at + 8 <= field.Length)
                {
                    uncompressed = I64(field, at);
                    at += 8;
                }

                if (compressed == uint.MaxValue && at + 8 <= field.Length)
                {
                    compressed = I64(field, at);
                    at += 8;
                }

                if (offset == uint.MaxValue && at + 8 <= field.Length)
                {
                    offset = I64(field, at);
                }

                return (compressed, uncompressed, offset);
            }

            extra = extra[(4 + size)..];
        }

        throw new InvalidDataException("A zip entry needs zip64 sizes but has none.");
    }

    private static async Task ReadAtAsync(Stream zip, long offset, byte[] buffer, CancellationToken cancellationToken)
    {
        if (offset < 0 || offset + buffer.Length > zip.Length)
        {
            throw new InvalidDataException("The zip archive points outside the file.");
        }

        zip.Position = offset;
        await zip.ReadExactlyAsync(buffer, cancellationToken);
    }

    private static ushort U16(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt16LittleEndian(data[at..]);

    private static uint U32(ReadOnlySpan<byte> data, int at) => BinaryPrimitives.ReadUInt32LittleEndian(data[at..]);

    private static long I64(ReadOnlySpan<byte> data, int at)
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(data[at..]);
        return value > long.MaxValue ? -1 : (long)value;
    }
}
