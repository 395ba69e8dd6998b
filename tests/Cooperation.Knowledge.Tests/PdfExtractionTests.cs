using Cooperation.Knowledge.Extraction;
using UglyToad.PdfPig;
using Xunit;
using static Cooperation.Knowledge.Tests.ExtractionTestFiles;

namespace Cooperation.Knowledge.Tests;

public sealed class PdfExtractionTests
{
    private readonly TextExtractor _extractor = new();

    [Fact]
    public async Task PdfTextIsExtractedPageByPageWithPageNumbers()
    {
        var pdf = Pdf(
            ["Article 4 Priority", "Twelve months for patents"],
            ["Article 5 Designs"],
            ["Article 6 Marks"]);

        var result = await ExtractAsync(pdf);

        Assert.Equal([1, 2, 3], result.Pages.Select(page => page.Number));
        Assert.Contains("Article 4 Priority", result.Pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Twelve months for patents", result.Pages[0].Text, StringComparison.Ordinal);
        Assert.Contains("Article 5 Designs", result.Pages[1].Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Article 4", result.Pages[1].Text, StringComparison.Ordinal);
        Assert.Contains("Article 6 Marks", result.Pages[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfPagesWithoutTextKeepTheirPlaceInTheNumbering()
    {
        var pdf = Pdf(["Cover"], [], ["Annex"]);

        var result = await ExtractAsync(pdf);

        Assert.Equal(3, result.Pages.Count);
        Assert.Equal(string.Empty, result.Pages[1].Text);
        Assert.Equal(3, result.Pages[2].Number);
        Assert.Contains("Annex", result.Pages[2].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PasswordProtectedPdfIsRefusedWithAReasonAboutThePassword()
    {
        var pdf = EncryptedPdf(userPassword: "secret", ownerPassword: "owner", text: "Confidential minutes of the meeting");
        // The file is a genuine encrypted PDF: with the password, PdfPig reads it.
        using (var withPassword = PdfDocument.Open(pdf, new ParsingOptions { Password = "secret" }))
        {
            Assert.Contains("Confidential", withPassword.GetPage(1).Text, StringComparison.Ordinal);
        }

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(pdf));

        Assert.Contains("password", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PdfOfGarbageAfterTheHeaderIsRefusedAsDamaged()
    {
        var random = new Random(7);
        var garbage = new byte[20_000];
        random.NextBytes(garbage);
        byte[] pdf = [.. "%PDF-1.7\n"u8, .. garbage];

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(pdf));

        Assert.Contains("damaged", failure.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task PdfWithThousandsOfPagesOverTheCapIsRefusedWithTheCount()
    {
        var pdf = PdfWithPages(6_000);

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(pdf, new ExtractionLimits()));

        Assert.Contains("6,000 pages", failure.Message, StringComparison.Ordinal);
        Assert.Contains("5,000", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PageCapAllowsExactlyTheCapAndRefusesOneMore()
    {
        var pdf = PdfWithPages(3);

        var allowed = await ExtractAsync(pdf, new ExtractionLimits(MaxPages: 3));
        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(pdf, new ExtractionLimits(MaxPages: 2)));

        Assert.Equal(3, allowed.Pages.Count);
        Assert.Contains("Page 3", allowed.Pages[2].Text, StringComparison.Ordinal);
        Assert.Contains("3 pages", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PdfFromAStreamThatCannotSeekIsReadAllTheSame()
    {
        var pdf = Pdf(["Memorandum of understanding"]);
        using var stream = new ForwardOnlyStream(pdf);

        var result = await _extractor.ExtractAsync(stream, DocumentMediaTypes.Pdf, new ExtractionLimits(), TestContext.Current.CancellationToken);

        Assert.Contains("Memorandum of understanding", Assert.Single(result.Pages).Text, StringComparison.Ordinal);
    }

    private Task<ExtractedText> ExtractAsync(byte[] pdf, ExtractionLimits? limits = null) =>
        _extractor.ExtractAsync(new MemoryStream(pdf), DocumentMediaTypes.Pdf, limits ?? new ExtractionLimits(), TestContext.Current.CancellationToken);
}
