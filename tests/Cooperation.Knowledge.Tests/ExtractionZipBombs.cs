using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Cooperation.Knowledge.Tests;

/// <summary>
/// Builds hostile Office packages by hand: a real DOCX whose word/document.xml is replaced by a
/// deflate stream that genuinely inflates to gigabytes, with the zip headers either telling the truth
/// about that size or lying about it.
/// </summary>
internal static class ExtractionZipBombs
{
    public const string DocumentPart = "word/document.xml";

    /// <summary>The opening of a Word body whose one text run then goes on for as long as the bomb inflates.</summary>
    private const string XmlPrefix =
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>"
        + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>";

    /// <summary>A DOCX whose document part inflates to <paramref name="inflatedBytes"/> and whose headers say so.</summary>
    public static byte[] HonestDocx(long inflatedBytes)
    {
        var (deflated, inflated) = DeflateBomb(inflatedBytes);
        return ReplaceDocumentPart(deflated, declaredUncompressed: inflated);
    }

    /// <summary>A DOCX whose document part inflates to <paramref name="inflatedBytes"/> but whose headers claim only <paramref name="claimedBytes"/>.</summary>
    public static byte[] LyingDocx(long inflatedBytes, long claimedBytes)
    {
        var (deflated, _) = DeflateBomb(inflatedBytes);
        return ReplaceDocumentPart(deflated, declaredUncompressed: claimedBytes);
    }

    /// <summary>
    /// Raw deflate data: the XML prefix as literals in a fixed-Huffman block, then a dynamic-Huffman
    /// block in which a 1-bit code copies 258 bytes from one byte back, over and over (the best ratio
    /// deflate allows, about 1,030 to 1). Returns the data and the exact size it inflates to.
    /// </summary>
    public static (byte[] Deflated, long InflatedLength) DeflateBomb(long inflatedBytes, string start = XmlPrefix)
    {
        var prefix = Encoding.ASCII.GetBytes(start + "A");
        var copies = Math.Max(0, (inflatedBytes - prefix.Length) / 258);
        var bits = new BitWriter();

        bits.Write(0, 1); // not the final block
        bits.Write(1, 2); // fixed Huffman
        foreach (var literal in prefix)
        {
            bits.WriteCode(0x30 + literal, 8); // literals 0-143 have 8-bit codes starting at 00110000
        }

        bits.WriteCode(0, 7); // end of block (256)

        bits.Write(1, 1); // final block
        bits.Write(2, 2); // dynamic Huffman
        bits.Write(29, 5); // HLIT: 286 literal/length codes
        bits.Write(0, 5); // HDIST: 1 distance code
        bits.Write(14, 4); // HCLEN: 18 code length codes
        // Code length code lengths in their odd order 16,17,18,0,8,7,9,6,10,5,11,4,12,3,13,2,14,1:
        // only 18 (runs of zeros) and 1 (length one) are used, each with a 1-bit code.
        int[] order = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1];
        foreach (var symbol in order)
        {
            bits.Write(symbol is 18 or 1 ? 1 : 0, 3);
        }

        // Canonical codes: symbol 1 -> 0, symbol 18 -> 1.
        void ZeroRun(int count)
        {
            bits.WriteCode(1, 1);
            bits.Write(count - 11, 7);
        }

        void LengthOne() => bits.WriteCode(0, 1);

        ZeroRun(138); // literals 0-137
        ZeroRun(118); // literals 138-255
        LengthOne(); // 256, end of block
        ZeroRun(28); // 257-284
        LengthOne(); // 285, length 258
        LengthOne(); // distance code 0, distance 1

        // Literal/length codes: 256 -> 0, 285 -> 1; the only distance code -> 0.
        for (long i = 0; i < copies; i++)
        {
            bits.WriteCode(1, 1);
            bits.WriteCode(0, 1);
        }

        bits.WriteCode(0, 1); // end of block
        return (bits.ToArray(), prefix.Length + (copies * 258));
    }

    /// <summary>A PDF whose page content stream is Flate data that inflates to <paramref name="inflatedBytes"/>.</summary>
    public static byte[] PdfWithBombContent(long inflatedBytes)
    {
        var (deflated, _) = DeflateBomb(inflatedBytes, start: "BT /F1 12 Tf 72 720 Td (");
        // Flate streams in PDF are zlib streams: a two-byte header, then deflate data.
        byte[] zlib = [0x78, 0x9C, .. deflated];
        return ExtractionTestFiles.PdfWithContentStream(zlib, "/Filter /FlateDecode");
    }

    private static byte[] ReplaceDocumentPart(byte[] deflatedDocument, long declaredUncompressed)
    {
        var original = ExtractionTestFiles.Docx(body => body.Append(ExtractionTestFiles.Paragraph("placeholder")));
        var entries = new List<RawZipEntry>();
        using (var archive = new ZipArchive(new MemoryStream(original), ZipArchiveMode.Read))
        {
            foreach (var entry in archive.Entries)
            {
                if (entry.FullName == DocumentPart)
                {
                    // The CRC is never reached: no reader gets to the end of gigabytes of text.
                    entries.Add(new RawZipEntry(DocumentPart, deflatedDocument, Crc: 0, declaredUncompressed));
                    continue;
                }

                using var content = new MemoryStream();
                using (var source = entry.Open())
                {
                    source.CopyTo(content);
                }

                var data = content.ToArray();
                entries.Add(new RawZipEntry(entry.FullName, Deflate(data), Crc32(data), data.Length));
            }
        }

        return WriteZip(entries);
    }

    private static byte[] Deflate(byte[] data)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(data);
        }

        return output.ToArray();
    }

    private sealed record RawZipEntry(string Name, byte[] Deflated, uint Crc, long DeclaredUncompressed);

    private static byte[] WriteZip(List<RawZipEntry> entries)
    {
        var zip = new MemoryStream();
        var offsets = new List<long>();
        foreach (var entry in entries)
        {
            offsets.Add(zip.Position);
            var name = Encoding.UTF8.GetBytes(entry.Name);
            zip.Write(Header(0x04034b50, 20, 0, 8, entry.Crc, entry.Deflated.Length, entry.DeclaredUncompressed, name.Length));
            zip.Write(name);
            zip.Write(entry.Deflated);
        }

        var directoryStart = zip.Position;
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            var name = Encoding.UTF8.GetBytes(entry.Name);
            var header = new byte[46];
            BinaryPrimitives.WriteUInt32LittleEndian(header, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 20);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), 8);
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 0x21);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(16), entry.Crc);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(20), checked((uint)entry.Deflated.Length));
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), checked((uint)entry.DeclaredUncompressed));
            BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(28), (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(42), checked((uint)offsets[i]));
            zip.Write(header);
            zip.Write(name);
        }

        var directorySize = zip.Position - directoryStart;
        var end = new byte[22];
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(8), (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end.AsSpan(10), (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(12), (uint)directorySize);
        BinaryPrimitives.WriteUInt32LittleEndian(end.AsSpan(16), (uint)directoryStart);
        zip.Write(end);
        return zip.ToArray();
    }

    private static byte[] Header(uint signature, ushort version, ushort flags, ushort method, uint crc, long compressed, long uncompressed, int nameLength)
    {
        var header = new byte[30];
        BinaryPrimitives.WriteUInt32LittleEndian(header, signature);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(4), version);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), method);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(12), 0x21);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(14), crc);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(18), checked((uint)compressed));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(22), checked((uint)uncompressed));
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(26), (ushort)nameLength);
        return header;
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Packs bits least significant first, as deflate does.</summary>
    private sealed class BitWriter
    {
        private readonly MemoryStream _bytes = new();
        private int _current;
        private int _count;

        /// <summary>Writes a value's low bits, least significant first (header fields, extra bits).</summary>
        public void Write(int value, int bitCount)
        {
            for (var i = 0; i < bitCount; i++)
            {
                Push((value >> i) & 1);
            }
        }

        /// <summary>Writes a Huffman code, most significant bit first.</summary>
        public void WriteCode(int code, int length)
        {
            for (var i = length - 1; i >= 0; i--)
            {
                Push((code >> i) & 1);
            }
        }

        public byte[] ToArray()
        {
            if (_count > 0)
            {
                _bytes.WriteByte((byte)_current);
                _current = 0;
                _count = 0;
            }

            return _bytes.ToArray();
        }

        private void Push(int bit)
        {
            _current |= bit << _count;
            if (++_count == 8)
            {
                _bytes.WriteByte((byte)_current);
                _current = 0;
                _count = 0;
            }
        }
    }
}
