using System.IO.Compression;
using System.Text;
using Cooperation.Knowledge.Extraction;
using Xunit;
using static Cooperation.Knowledge.Tests.ExtractionTestFiles;

namespace Cooperation.Knowledge.Tests;

public sealed class ExtractionSignatureTests
{
    public static TheoryData<string> PrefixTypes => [DocumentMediaTypes.Pdf, DocumentMediaTypes.Png, DocumentMediaTypes.Jpeg, DocumentMediaTypes.Html, DocumentMediaTypes.Markdown, DocumentMediaTypes.PlainText];

    public static TheoryData<string> PackageTypes => [DocumentMediaTypes.Docx, DocumentMediaTypes.Xlsx, DocumentMediaTypes.Pptx];

    [Theory]
    [MemberData(nameof(PrefixTypes))]
    public void EachNonZipTypeIsRecognisedFromItsFirstBytes(string mediaType)
    {
        var content = Sample(mediaType);

        Assert.Equal(mediaType, ContentSignature.Recognise(content.AsSpan(0, Math.Min(content.Length, ContentSignature.PrefixLength))));
    }

    [Theory]
    [MemberData(nameof(PackageTypes))]
    public async Task EachOfficeTypeIsRecognisedFromItsDeclaredMainPart(string mediaType)
    {
        var content = Sample(mediaType);
        using var stream = new MemoryStream(content);

        var recognised = await ContentSignature.RecogniseAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(mediaType, recognised);
        Assert.Equal(0, stream.Position);
        Assert.True(ContentSignature.IsZipContainer(content));
        Assert.Null(ContentSignature.Recognise(content));
    }

    [Theory]
    [MemberData(nameof(PrefixTypes))]
    public async Task TheStreamFormRecognisesNonZipTypesToo(string mediaType)
    {
        using var stream = new MemoryStream(Sample(mediaType));

        Assert.Equal(mediaType, await ContentSignature.RecogniseAsync(stream, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DocumentMediaTypes.Pdf, "treaty.pdf")]
    [InlineData(DocumentMediaTypes.Docx, "Minutes 2024.DOCX")]
    [InlineData(DocumentMediaTypes.Xlsx, "fees.xlsx")]
    [InlineData(DocumentMediaTypes.Pptx, "seminar.pptx")]
    [InlineData(DocumentMediaTypes.Png, "logo.png")]
    [InlineData(DocumentMediaTypes.Jpeg, "photo.jpg")]
    [InlineData(DocumentMediaTypes.Jpeg, "photo.jpeg")]
    [InlineData(DocumentMediaTypes.Html, "page.htm")]
    [InlineData(DocumentMediaTypes.Markdown, "guide.md")]
    [InlineData(DocumentMediaTypes.PlainText, "notes.txt")]
    public void MatchingExtensionsAgree(string mediaType, string fileName)
    {
        Assert.True(ContentSignature.ExtensionAgrees(fileName, mediaType));
        Assert.Equal(mediaType, ContentSignature.ResolveMediaType(fileName, mediaType));
    }

    [Fact]
    public async Task PdfNamedDocxIsAMismatch()
    {
        using var stream = new MemoryStream(Pdf(["Agreement"]));

        var recognised = await ContentSignature.RecogniseAsync(stream, TestContext.Current.CancellationToken);

        Assert.Equal(DocumentMediaTypes.Pdf, recognised);
        Assert.False(ContentSignature.ExtensionAgrees("agreement.docx", recognised!));
    }

    [Fact]
    public void ProgramNamedPdfIsNotRecognisedAsAnything()
    {
        var executable = WindowsExecutable();

        Assert.Null(ContentSignature.Recognise(executable));
    }

    [Theory]
    [InlineData("report.pdf.exe", DocumentMediaTypes.Pdf)]
    [InlineData("report", DocumentMediaTypes.Pdf)]
    [InlineData("page.txt", DocumentMediaTypes.Html)]
    [InlineData("slides.docx", DocumentMediaTypes.Pptx)]
    [InlineData("image.png", DocumentMediaTypes.Jpeg)]
    [InlineData("notes.pdf", DocumentMediaTypes.PlainText)]
    public void OtherMismatchesAreRefused(string fileName, string recognised)
    {
        Assert.False(ContentSignature.ExtensionAgrees(fileName, recognised));
        Assert.Null(ContentSignature.ResolveMediaType(fileName, recognised));
    }

    [Theory]
    [InlineData("readme.md", DocumentMediaTypes.PlainText, DocumentMediaTypes.Markdown)]
    [InlineData("notes.txt", DocumentMediaTypes.Markdown, DocumentMediaTypes.PlainText)]
    [InlineData("fragment.html", DocumentMediaTypes.PlainText, DocumentMediaTypes.Html)]
    public void AmongTextFormatsTheNameDecides(string fileName, string recognised, string expected)
    {
        Assert.Equal(expected, ContentSignature.ResolveMediaType(fileName, recognised));
    }

    [Fact]
    public async Task ZipThatIsNotAnOfficeDocumentIsNotRecognised()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var writer = new StreamWriter(await archive.CreateEntry("readme.txt").OpenAsync(TestContext.Current.CancellationToken));
            await writer.WriteAsync("just a zip");
        }

        Assert.Null(await ContentSignature.RecogniseAsync(zip, TestContext.Current.CancellationToken));
    }

    [Theory]
    [MemberData(nameof(PackageTypes))]
    public async Task TruncatedOfficeFilesAreNotRecognised(string mediaType)
    {
        var content = Sample(mediaType);
        using var stream = new MemoryStream(content[..(content.Length * 2 / 3)]);

        Assert.Null(await ContentSignature.RecogniseAsync(stream, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void TextThatMentionsThePdfHeaderIsStillText()
    {
        var content = Encoding.UTF8.GetBytes("Every PDF file starts with %PDF-1.x followed by a binary comment.");

        Assert.Equal(DocumentMediaTypes.PlainText, ContentSignature.Recognise(content));
    }

    [Fact]
    public void PdfHeaderAfterBinaryJunkIsStillAPdf()
    {
        byte[] content = [0x00, 0x05, 0x16, 0x07, .. Pdf(["x"])];

        Assert.Equal(DocumentMediaTypes.Pdf, ContentSignature.Recognise(content));
    }

    [Fact]
    public void EmptyContentIsNotRecognised()
    {
        Assert.Null(ContentSignature.Recognise([]));
    }

    [Fact]
    public void Utf16TextWithAByteOrderMarkIsText()
    {
        var content = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("Соглашение о сотрудничестве")).ToArray();

        Assert.Equal(DocumentMediaTypes.PlainText, ContentSignature.Recognise(content));
    }

    private static byte[] Sample(string mediaType) => mediaType switch
    {
        DocumentMediaTypes.Pdf => Pdf(["Agreement"]),
        DocumentMediaTypes.Png => Png(),
        DocumentMediaTypes.Jpeg => Jpeg(),
        DocumentMediaTypes.Html => Encoding.UTF8.GetBytes("<!-- saved page -->\n<!DOCTYPE html><html><body><p>Hi</p></body></html>"),
        DocumentMediaTypes.Markdown => Encoding.UTF8.GetBytes("# Guidelines\n\nSee [the treaty](https://example.org).\n"),
        DocumentMediaTypes.PlainText => Encoding.UTF8.GetBytes("Minutes of the meeting\r\nAttendees: 12\r\n"),
        DocumentMediaTypes.Docx => Docx(body => body.Append(Paragraph("Text"))),
        DocumentMediaTypes.Xlsx => Xlsx(("Sheet1", [["a"]])),
        DocumentMediaTypes.Pptx => Pptx([("Title", ["Body"])]),
        _ => throw new ArgumentOutOfRangeException(nameof(mediaType)),
    };
}
