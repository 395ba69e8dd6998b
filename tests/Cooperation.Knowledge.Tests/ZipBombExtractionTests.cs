using System.IO.Compression;
using System.Text;
using Cooperation.Knowledge.Extraction;
using Xunit;
using static Cooperation.Knowledge.Tests.ExtractionTestFiles;

namespace Cooperation.Knowledge.Tests;

/// <summary>Runs alone, so that counting the bytes the process allocates measures only the extraction.</summary>
[CollectionDefinition(nameof(ZipBombExtractionCollection), DisableParallelization = true)]
public sealed class ZipBombExtractionCollection;

[Collection(nameof(ZipBombExtractionCollection))]
public sealed class ZipBombExtractionTests
{
    private const long TwoGigabytes = 2L * 1000 * 1000 * 1000;
    private const long AllocationAllowance = 64L * 1024 * 1024;

    private readonly TextExtractor _extractor = new();

    [Fact]
    public async Task TheBombFixtureReallyInflatesToGigabytesOfWordXml()
    {
        var (deflated, declared) = ExtractionZipBombs.DeflateBomb(TwoGigabytes);
        await using var inflater = new DeflateStream(new MemoryStream(deflated), CompressionMode.Decompress);
        var buffer = new byte[1 << 20];
        var first = await inflater.ReadAtLeastAsync(buffer, 4096, cancellationToken: TestContext.Current.CancellationToken);
        long total = first;
        int read;
        while ((read = await inflater.ReadAsync(buffer, TestContext.Current.CancellationToken)) > 0)
        {
            total += read;
        }

        Assert.True(deflated.Length < 3 * 1024 * 1024, $"the bomb is small: {deflated.Length} bytes");
        Assert.True(total >= TwoGigabytes - 258, $"inflated to {total} bytes");
        Assert.Equal(declared, total);
    }

    [Fact]
    public async Task DocxWhoseHeadersDeclareGigabytesIsRefusedWithoutInflatingIt()
    {
        var bomb = ExtractionZipBombs.HonestDocx(TwoGigabytes);

        var (failure, allocated) = await ExtractMeasuringAllocationsAsync(bomb, new ExtractionLimits());

        Assert.Contains("zip bomb", failure.Message, StringComparison.Ordinal);
        Assert.Contains("512 MB", failure.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationAllowance, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task DocxWithAnAbsurdCompressionRatioUnderTheSizeCapIsRefused()
    {
        var bomb = ExtractionZipBombs.HonestDocx(100L * 1000 * 1000);

        var (failure, allocated) = await ExtractMeasuringAllocationsAsync(bomb, new ExtractionLimits());

        Assert.Contains("ratios", failure.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationAllowance, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task DocxWhoseHeaderUnderstatesItsSizeIsRefusedAsABombWithoutInflatingIt()
    {
        var bomb = ExtractionZipBombs.LyingDocx(TwoGigabytes, claimedBytes: 64 * 1024);

        var (failure, allocated) = await ExtractMeasuringAllocationsAsync(bomb, new ExtractionLimits());

        Assert.Contains("word/document.xml", failure.Message, StringComparison.Ordinal);
        Assert.Contains("64 KB its zip header declares", failure.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationAllowance, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task DocxWhoseHeaderUnderstatesItsSizeIsHeldToTheDeclaredSizeEvenUnderAHugeLimit()
    {
        var bomb = ExtractionZipBombs.LyingDocx(TwoGigabytes, claimedBytes: 64 * 1024);

        var (failure, allocated) = await ExtractMeasuringAllocationsAsync(bomb, new ExtractionLimits(MaxDecompressedBytes: 8L * 1024 * 1024 * 1024));

        Assert.Contains("zip bomb", failure.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationAllowance, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task PdfWhosePageStreamInflatesToGigabytesIsRefusedWithoutInflatingIt()
    {
        var bomb = ExtractionZipBombs.PdfWithBombContent(TwoGigabytes);

        var (failure, allocated) = await ExtractMeasuringAllocationsAsync(bomb, new ExtractionLimits(), DocumentMediaTypes.Pdf);

        Assert.Contains("decompression bomb", failure.Message, StringComparison.Ordinal);
        Assert.True(allocated < AllocationAllowance, $"allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task PdfWithACompressedPageStreamUnderTheLimitIsRead()
    {
        var (deflated, _) = ExtractionZipBombs.DeflateBomb(200_000, start: "BT /F1 12 Tf 72 720 Td (Compressed page text) Tj ET %");
        var pdf = ExtractionTestFiles.PdfWithContentStream([0x78, 0x9C, .. deflated], "/Filter /FlateDecode");

        var result = await _extractor.ExtractAsync(new MemoryStream(pdf), DocumentMediaTypes.Pdf, new ExtractionLimits(), TestContext.Current.CancellationToken);

        Assert.Contains("Compressed page text", Assert.Single(result.Pages).Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DocumentMediaTypes.Xlsx)]
    [InlineData(DocumentMediaTypes.Pptx)]
    public async Task EveryOfficeFormatIsHeldToTheUnpackedSizeLimit(string mediaType)
    {
        var file = mediaType == DocumentMediaTypes.Xlsx
            ? Xlsx(("Sheet", [[new string('x', 5_000)]]))
            : Pptx([("Title", [new string('x', 5_000)])]);

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() =>
            _extractor.ExtractAsync(new MemoryStream(file), mediaType, new ExtractionLimits(MaxDecompressedBytes: 2_048), TestContext.Current.CancellationToken));

        Assert.Contains("2 KB", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ZipWithTensOfThousandsOfEntriesIsRefusedFromItsDirectory()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var writer = new StreamWriter(archive.CreateEntry("[Content_Types].xml").Open(), Encoding.UTF8))
            {
                await writer.WriteAsync("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }

            for (var i = 0; i < 20_000; i++)
            {
                archive.CreateEntry($"word/media/empty{i}.bin", CompressionLevel.NoCompression);
            }
        }

        zip.Position = 0;
        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() =>
            _extractor.ExtractAsync(zip, DocumentMediaTypes.Docx, new ExtractionLimits(), TestContext.Current.CancellationToken));

        Assert.Contains("20,001 parts", failure.Message, StringComparison.Ordinal);
    }

    private async Task<(ExtractionFailedException Failure, long Allocated)> ExtractMeasuringAllocationsAsync(
        byte[] bomb, ExtractionLimits limits, string mediaType = DocumentMediaTypes.Docx)
    {
        using var content = new MemoryStream(bomb);
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() =>
            _extractor.ExtractAsync(content, mediaType, limits, TestContext.Current.CancellationToken));
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        return (failure, allocated);
    }
}
