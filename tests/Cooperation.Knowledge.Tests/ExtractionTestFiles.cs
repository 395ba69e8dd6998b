using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;
using S = DocumentFormat.OpenXml.Spreadsheet;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Cooperation.Knowledge.Tests;

/// <summary>Builds real documents of each accepted format in memory, so the tests carry no binary fixtures.</summary>
internal static class ExtractionTestFiles
{
    /// <summary>A PDF with one page per entry; each page's lines are drawn top to bottom.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            var y = 780.0;
            foreach (var line in lines)
            {
                page.AddText(line, 12, new PdfPoint(50, y), font);
                y -= 20;
            }
        }

        return builder.Build();
    }

    /// <summary>A PDF of <paramref name="pageCount"/> pages, each saying which page it is.</summary>
    public static byte[] PdfWithPages(int pageCount) =>
        Pdf([.. Enumerable.Range(1, pageCount).Select(number => new[] { $"Page {number.ToString(CultureInfo.InvariantCulture)}" })]);

    public static byte[] Docx(Action<W.Body> fill, Action<MainDocumentPart>? addParts = null)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            var body = new W.Body();
            fill(body);
            main.Document = new W.Document(body);
            addParts?.Invoke(main);
        }

        return stream.ToArray();
    }

    public static W.Paragraph Paragraph(string text, string? styleId = null)
    {
        var paragraph = new W.Paragraph();
        if (styleId is not null)
        {
            paragraph.Append(new W.ParagraphProperties(new W.ParagraphStyleId { Val = styleId }));
        }

        paragraph.Append(new W.Run(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve }));
        return paragraph;
    }

    public static W.Paragraph PageBreak() => new(new W.Run(new W.Break { Type = W.BreakValues.Page }));

    /// <summary>A styles part as Word writes it in another UI language: ids are localised, names are not.</summary>
    public static void AddLocalisedHeadingStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new W.Styles(
            new W.Style(new W.StyleName { Val = "heading 1" }) { Type = W.StyleValues.Paragraph, StyleId = "Titre1" },
            new W.Style(new W.StyleName { Val = "heading 2" }, new W.BasedOn { Val = "Titre1" }) { Type = W.StyleValues.Paragraph, StyleId = "Titre2" },
            new W.Style(new W.StyleName { Val = "Article heading" }, new W.StyleParagraphProperties(new W.OutlineLevel { Val = 2 }))
            {
                Type = W.StyleValues.Paragraph,
                StyleId = "ArticleHeading",
            },
            new W.Style(new W.StyleName { Val = "Normal" }) { Type = W.StyleValues.Paragraph, StyleId = "Normal" });
    }

    /// <summary>An XLSX with one sheet per entry; text cells go to the shared string table, numbers stay numbers.</summary>
    public static byte[] Xlsx(params (string Name, object[][] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var sharedStrings = workbook.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = new S.SharedStringTable();
            var sheetList = new S.Sheets();
            workbook.Workbook = new S.Workbook(sheetList);
            uint sheetId = 1;
            foreach (var (name, rows) in sheets)
            {
                var worksheet = workbook.AddNewPart<WorksheetPart>();
                var data = new S.SheetData();
                foreach (var row in rows)
                {
                    data.Append(new S.Row(row.Select(value => Cell(value, sharedStrings.SharedStringTable))));
                }

                worksheet.Worksheet = new S.Worksheet(data);
                sheetList.Append(new S.Sheet { Name = name, SheetId = sheetId++, Id = workbook.GetIdOfPart(worksheet) });
            }
        }

        return stream.ToArray();
    }

    private static S.Cell Cell(object value, S.SharedStringTable sharedStrings)
    {
        if (value is string text)
        {
            sharedStrings.Append(new S.SharedStringItem(new S.Text(text)));
            var index = sharedStrings.ChildElements.Count - 1;
            return new S.Cell { DataType = S.CellValues.SharedString, CellValue = new S.CellValue(index.ToString(CultureInfo.InvariantCulture)) };
        }

        if (value is bool flag)
        {
            return new S.Cell { DataType = S.CellValues.Boolean, CellValue = new S.CellValue(flag ? "1" : "0") };
        }

        return new S.Cell { CellValue = new S.CellValue(Convert.ToString(value, CultureInfo.InvariantCulture)!) };
    }

    /// <summary>
    /// A PPTX whose slides are listed in <paramref name="order"/> (indexes into <paramref name="slides"/>),
    /// so the tests can tell presentation order from part order.
    /// </summary>
    public static byte[] Pptx((string Title, string[] Body)[] slides, int[]? order = null)
    {
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            var parts = slides.Select(slide =>
            {
                var part = presentation.AddNewPart<SlidePart>();
                part.Slide = new P.Slide(new P.CommonSlideData(new P.ShapeTree(
                    new P.NonVisualGroupShapeProperties(
                        new P.NonVisualDrawingProperties { Id = 1, Name = string.Empty },
                        new P.NonVisualGroupShapeDrawingProperties(),
                        new P.ApplicationNonVisualDrawingProperties()),
                    new P.GroupShapeProperties(),
                    Shape(2, slide.Title, P.PlaceholderValues.Title),
                    Shape(3, string.Join('\n', slide.Body), null))));
                return part;
            }).ToArray();
            var list = new P.SlideIdList();
            uint id = 256;
            foreach (var index in order ?? [.. Enumerable.Range(0, slides.Length)])
            {
                list.Append(new P.SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(parts[index]) });
            }

            presentation.Presentation = new P.Presentation(list);
        }

        return stream.ToArray();
    }

    private static P.Shape Shape(uint id, string text, P.PlaceholderValues? placeholder)
    {
        var application = new P.ApplicationNonVisualDrawingProperties();
        if (placeholder is { } type)
        {
            application.Append(new P.PlaceholderShape { Type = type });
        }

        var body = new P.TextBody(new A.BodyProperties(), new A.ListStyle());
        foreach (var line in text.Split('\n'))
        {
            body.Append(new A.Paragraph(new A.Run(new A.Text(line))));
        }

        return new P.Shape(
            new P.NonVisualShapeProperties(new P.NonVisualDrawingProperties { Id = id, Name = $"Shape {id}" }, new P.NonVisualShapeDrawingProperties(), application),
            new P.ShapeProperties(),
            body);
    }

    public static byte[] Png() =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
        0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
        0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ];

    /// <summary>The start of a baseline JPEG (SOI, JFIF APP0); enough for signature and extraction.</summary>
    public static byte[] Jpeg() =>
    [
        0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 0x4A, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
        0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9,
    ];

    /// <summary>The first bytes of a Windows program: "MZ", a DOS stub, and plenty of NUL bytes.</summary>
    public static byte[] WindowsExecutable()
    {
        var bytes = new byte[512];
        "MZ"u8.CopyTo(bytes);
        bytes[0x3C] = 0x80;
        "PE\0\0"u8.CopyTo(bytes.AsSpan(0x80));
        "This program cannot be run in DOS mode."u8.CopyTo(bytes.AsSpan(0x4E));
        return bytes;
    }

    /// <summary>
    /// A PDF encrypted with the standard security handler (revision 2, RC4 40-bit) and the user
    /// password <paramref name="userPassword"/>, written by hand because PdfPig cannot write encrypted files.
    /// </summary>
    public static byte[] EncryptedPdf(string userPassword, string ownerPassword, string text)
    {
        byte[] documentId = [0x5A, 0x1B, 0x3C, 0x4D, 0x5E, 0x6F, 0x70, 0x81, 0x92, 0xA3, 0xB4, 0xC5, 0xD6, 0xE7, 0xF8, 0x09];
        const int permissions = -44;
        var owner = PdfSecurity.OwnerEntry(ownerPassword, userPassword);
        var fileKey = PdfSecurity.FileKey(userPassword, owner, permissions, documentId);
        var user = PdfSecurity.Rc4(fileKey, PdfSecurity.Padding);
        var content = Encoding.ASCII.GetBytes($"BT /F1 12 Tf 72 720 Td ({text}) Tj ET");
        var encryptedContent = PdfSecurity.Rc4(PdfSecurity.ObjectKey(fileKey, 4, 0), content);

        return HandWrittenPdf(
            [
                "<< /Type /Catalog /Pages 2 0 R >>"u8.ToArray(),
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"u8.ToArray(),
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"u8.ToArray(),
                [.. Encoding.ASCII.GetBytes($"<< /Length {encryptedContent.Length} >>\nstream\n"), .. encryptedContent, .. "\nendstream"u8],
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"u8.ToArray(),
                Encoding.ASCII.GetBytes($"<< /Filter /Standard /V 1 /R 2 /O <{Convert.ToHexString(owner)}> /U <{Convert.ToHexString(user)}> /P {permissions} >>"),
            ],
            $"/Encrypt 6 0 R /ID [<{Convert.ToHexString(documentId)}> <{Convert.ToHexString(documentId)}>]");
    }

    /// <summary>
    /// A one-page PDF whose page content is the given stream body, written by hand: object 1 is the
    /// catalog, 2 the page tree, 3 the page, 4 its content stream, 5 the font.
    /// </summary>
    public static byte[] PdfWithContentStream(byte[] streamData, string streamDictionaryEntries) => HandWrittenPdf(
        [
            "<< /Type /Catalog /Pages 2 0 R >>"u8.ToArray(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>"u8.ToArray(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>"u8.ToArray(),
            [.. Encoding.ASCII.GetBytes($"<< /Length {streamData.Length} {streamDictionaryEntries} >>\nstream\n"), .. streamData, .. "\nendstream"u8],
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"u8.ToArray(),
        ],
        trailerEntries: string.Empty);

    /// <summary>Numbers the objects from 1, writes the cross-reference table and the trailer.</summary>
    private static byte[] HandWrittenPdf(IReadOnlyList<byte[]> objects, string trailerEntries)
    {
        var pdf = new MemoryStream();
        void Write(string value) => pdf.Write(Encoding.ASCII.GetBytes(value));
        var offsets = new List<long>();
        Write("%PDF-1.4\n");
        for (var i = 0; i < objects.Count; i++)
        {
            offsets.Add(pdf.Position);
            Write($"{i + 1} 0 obj\n");
            pdf.Write(objects[i]);
            Write("\nendobj\n");
        }

        var xref = pdf.Position;
        Write($"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            Write($"{offset:D10} 00000 n \n");
        }

        Write($"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R {trailerEntries} >>\nstartxref\n{xref}\n%%EOF\n");
        return pdf.ToArray();
    }

    /// <summary>The PDF standard security handler, revision 2 (PDF 1.7, 7.6.3): MD5 and RC4 are what the format prescribes.</summary>
    private static class PdfSecurity
    {
        public static readonly byte[] Padding =
        [
            0x28, 0xBF, 0x4E, 0x5E, 0x4E, 0x75, 0x8A, 0x41, 0x64, 0x00, 0x4E, 0x56, 0xFF, 0xFA, 0x01, 0x08,
            0x2E, 0x2E, 0x00, 0xB6, 0xD0, 0x68, 0x3E, 0x80, 0x2F, 0x0C, 0xA9, 0xFE, 0x64, 0x53, 0x69, 0x7A,
        ];

        public static byte[] OwnerEntry(string ownerPassword, string userPassword)
        {
            var key = Md5(Pad(ownerPassword))[..5];
            return Rc4(key, Pad(userPassword));
        }

        public static byte[] FileKey(string userPassword, byte[] owner, int permissions, byte[] documentId)
        {
            var input = new List<byte>();
            input.AddRange(Pad(userPassword));
            input.AddRange(owner);
            input.AddRange(BitConverter.GetBytes(permissions));
            input.AddRange(documentId);
            return Md5([.. input])[..5];
        }

        public static byte[] ObjectKey(byte[] fileKey, int objectNumber, int generation)
        {
            byte[] input = [.. fileKey, (byte)objectNumber, (byte)(objectNumber >> 8), (byte)(objectNumber >> 16), (byte)generation, (byte)(generation >> 8)];
            return Md5(input)[..Math.Min(fileKey.Length + 5, 16)];
        }

        public static byte[] Rc4(byte[] key, byte[] data)
        {
            var state = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            for (int i = 0, j = 0; i < 256; i++)
            {
                j = (j + state[i] + key[i % key.Length]) & 0xFF;
                (state[i], state[j]) = (state[j], state[i]);
            }

            var output = new byte[data.Length];
            for (int n = 0, i = 0, j = 0; n < data.Length; n++)
            {
                i = (i + 1) & 0xFF;
                j = (j + state[i]) & 0xFF;
                (state[i], state[j]) = (state[j], state[i]);
                output[n] = (byte)(data[n] ^ state[(state[i] + state[j]) & 0xFF]);
            }

            return output;
        }

        private static byte[] Pad(string password)
        {
            var bytes = Encoding.Latin1.GetBytes(password);
            return [.. bytes.Take(32), .. Padding.Take(32 - Math.Min(32, bytes.Length))];
        }

#pragma warning disable CA5351 // The PDF security handler is defined with MD5; this builds a test file, not a protection.
        private static byte[] Md5(byte[] data) => MD5.HashData(data);
#pragma warning restore CA5351
    }
}
