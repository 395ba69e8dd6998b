using Cooperation.Knowledge.Extraction;
using Xunit;
using static Cooperation.Knowledge.Tests.ExtractionTestFiles;

namespace Cooperation.Knowledge.Tests;

/// <summary>The checks an upload meets before it is stored: extraction's limits, judged without reading the content.</summary>
public sealed class ContentScreeningTests
{
    private const long TwoGigabytes = 2L * 1000 * 1000 * 1000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TwoGigabytes, "512 MB")]
    [InlineData(100L * 1000 * 1000, "ratios")]
    public async Task AZipBombIsRefusedFromItsDirectoryInTheWordsExtractionUses(long inflatedBytes, string expected)
    {
        var bomb = ExtractionZipBombs.HonestDocx(inflatedBytes);
        using var content = new MemoryStream(bomb);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        var refusal = await ContentScreening.FindRefusalAsync(content, DocumentMediaTypes.Docx, new ExtractionLimits(), Ct);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.NotNull(refusal);
        Assert.Contains("zip bomb", refusal, StringComparison.Ordinal);
        Assert.Contains(expected, refusal, StringComparison.Ordinal);
        Assert.True(allocated < 16L * 1024 * 1024, $"allocated {allocated:N0} bytes");
        Assert.Equal(0, content.Position);

        // One rule: extraction refuses the same file with the same sentence.
        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() =>
            new TextExtractor().ExtractAsync(new MemoryStream(bomb), DocumentMediaTypes.Docx, new ExtractionLimits(), Ct));
        Assert.Equal(failure.Message, refusal);
    }

    [Fact]
    public async Task AnOfficePackageOverAConfiguredUnpackedSizeIsRefusedNamingItsFormat()
    {
        var workbook = Xlsx(("Sheet", [[new string('x', 5_000)]]));

        var refusal = await ContentScreening.FindRefusalAsync(new MemoryStream(workbook), DocumentMediaTypes.Xlsx, new ExtractionLimits(MaxDecompressedBytes: 2_048), Ct);

        Assert.Equal("The Excel workbook would unpack to more than 2 KB, over the limit; it may be a zip bomb.", refusal);
    }

    [Fact]
    public async Task APdfOverThePageLimitIsRefusedWithItsCountAndOneAtTheLimitPasses()
    {
        var pdf = PdfWithPages(4);

        var refusal = await ContentScreening.FindRefusalAsync(new MemoryStream(pdf), DocumentMediaTypes.Pdf, new ExtractionLimits(MaxPages: 3), Ct);
        var atTheLimit = await ContentScreening.FindRefusalAsync(new MemoryStream(pdf), DocumentMediaTypes.Pdf, new ExtractionLimits(MaxPages: 4), Ct);

        Assert.Equal("The document has 4 pages, more than the 3 that can be read.", refusal);
        Assert.Null(atTheLimit);
    }

    [Fact]
    public async Task OrdinaryFilesPassAndWhatOnlyExtractionCanJudgeIsLeftToIt()
    {
        var limits = new ExtractionLimits();
        var document = Docx(body => body.Append(Paragraph("Article 1. Scope")));
        var encrypted = EncryptedPdf(userPassword: "secret", ownerPassword: "owner", text: "Confidential");

        Assert.Null(await ContentScreening.FindRefusalAsync(new MemoryStream(document), DocumentMediaTypes.Docx, limits, Ct));
        Assert.Null(await ContentScreening.FindRefusalAsync(new MemoryStream(PdfWithPages(2)), DocumentMediaTypes.Pdf, limits, Ct));
        // A password or damage is extraction's to explain on the version, not a reason to refuse the upload.
        Assert.Null(await ContentScreening.FindRefusalAsync(new MemoryStream(encrypted), DocumentMediaTypes.Pdf, limits, Ct));
        Assert.Null(await ContentScreening.FindRefusalAsync(new MemoryStream("%PDF-1.7 garbage"u8.ToArray()), DocumentMediaTypes.Pdf, limits, Ct));
        Assert.Null(await ContentScreening.FindRefusalAsync(new MemoryStream("plain text"u8.ToArray()), DocumentMediaTypes.PlainText, limits, Ct));
    }
}
