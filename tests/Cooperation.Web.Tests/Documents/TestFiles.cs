using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Cooperation.Web.Tests.Documents;

/// <summary>Small real files of each kind the tests upload, made here so that every byte is known.</summary>
public static class TestFiles
{
    public static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>A valid PDF with one line of text per page (Helvetica, uncompressed content streams).</summary>
    public static byte[] Pdf(IReadOnlyList<string> pages)
    {
        var output = new MemoryStream();
        var offsets = new List<long>();
        void Write(string s) => output.Write(Encoding.Latin1.GetBytes(s));
        void Object(int number, string body)
        {
            offsets.Add(output.Position);
            Write($"{number} 0 obj\n{body}\nendobj\n");
        }

        Write("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        var pageCount = pages.Count;
        const int fontObject = 3;
        var kids = string.Join(' ', Enumerable.Range(0, pageCount).Select(i => $"{4 + (2 * i)} 0 R"));
        Object(1, "<< /Type /Catalog /Pages 2 0 R >>");
        Object(2, $"<< /Type /Pages /Kids [{kids}] /Count {pageCount} >>");
        Object(fontObject, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        for (var i = 0; i < pageCount; i++)
        {
            var pageNumber = 4 + (2 * i);
            var escaped = pages[i].Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal).Replace(")", "\\)", StringComparison.Ordinal);
            var stream = $"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET";
            Object(pageNumber, $"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 {fontObject} 0 R >> >> /Contents {pageNumber + 1} 0 R >>");
            Object(pageNumber + 1, $"<< /Length {Encoding.Latin1.GetByteCount(stream)} >>\nstream\n{stream}\nendstream");
        }

        var xref = output.Position;
        Write($"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return output.ToArray();
    }

    /// <summary>A minimal Word document with one heading and paragraphs.</summary>
    public static byte[] Docx(string heading, params string[] paragraphs)
    {
        var body = new StringBuilder();
        body.Append($"<w:p><w:pPr><w:pStyle w:val=\"Heading1\"/></w:pPr><w:r><w:t>{Escape(heading)}</w:t></w:r></w:p>");
        foreach (var paragraph in paragraphs)
        {
            body.Append($"<w:p><w:r><w:t xml:space=\"preserve\">{Escape(paragraph)}</w:t></w:r></w:p>");
        }

        return Package(zip =>
        {
            Entry(zip, "word/document.xml", $"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>");
        });
    }

    /// <summary>A Word document whose body unpacks to <paramref name="unpackedBytes"/> of blank text: tiny on disk, huge in memory.</summary>
    public static byte[] DocxZipBomb(long unpackedBytes) => Package(zip =>
    {
        var entry = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize);
        using var stream = entry.Open();
        stream.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>"));
        var blank = new byte[1 << 20];
        Array.Fill(blank, (byte)' ');
        for (long written = 0; written < unpackedBytes; written += blank.Length)
        {
            stream.Write(blank);
        }

        stream.Write(Encoding.UTF8.GetBytes("</w:t></w:r></w:p></w:body></w:document>"));
    });

    private static byte[] Package(Action<ZipArchive> addDocument)
    {
        var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            Entry(zip, "[Content_Types].xml", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>");
            Entry(zip, "_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
            addDocument(zip);
        }

        return output.ToArray();
    }

    private static void Entry(ZipArchive zip, string name, string content)
    {
        using var stream = zip.CreateEntry(name).Open();
        stream.Write(Encoding.UTF8.GetBytes(content));
    }

    private static string Escape(string text) => System.Security.SecurityElement.Escape(text);

    /// <summary>Bytes that are none of the accepted types (an ELF program header, then noise).</summary>
    public static byte[] Program()
    {
        var bytes = new byte[4096];
        new Random(7).NextBytes(bytes);
        "\u007fELF"u8.CopyTo(bytes);
        return bytes;
    }
}
