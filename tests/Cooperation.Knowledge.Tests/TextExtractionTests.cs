using System.Text;
using Cooperation.Knowledge.Extraction;
using Xunit;

namespace Cooperation.Knowledge.Tests;

public sealed class TextExtractionTests
{
    private readonly TextExtractor _extractor = new();

    [Fact]
    public async Task HtmlScriptsStylesAndHeadAreDroppedAndHeadingsKept()
    {
        const string html = """
            <!DOCTYPE html>
            <html><head><title>Page title in the head</title>
            <style>body { color: red; }</style>
            <script>var secretToken = "abc";</script></head>
            <body>
              <nav><script>trackVisit();</script></nav>
              <h1>Paris   Convention</h1>
              <p>Article 4 sets the   <b>priority</b> period.<script>alert('inline')</script></p>
              <h3>Section <span>A</span></h3>
              <ul><li>Patents: twelve months</li><li>Designs: six months</li></ul>
              <noscript>Please enable JavaScript</noscript>
              <table><tr><td>Fee</td><td>100</td></tr></table>
            </body></html>
            """;

        var text = Assert.Single((await ExtractAsync(Encoding.UTF8.GetBytes(html), DocumentMediaTypes.Html)).Pages).Text;
        var lines = text.Split('\n');

        Assert.Contains("# Paris Convention", lines);
        Assert.Contains("### Section A", lines);
        Assert.Contains("Article 4 sets the priority period.", lines);
        Assert.Contains("- Patents: twelve months", lines);
        Assert.Contains("- Designs: six months", lines);
        Assert.Contains("Fee\t100", lines);
        Assert.DoesNotContain("secretToken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("trackVisit", text, StringComparison.Ordinal);
        Assert.DoesNotContain("alert", text, StringComparison.Ordinal);
        Assert.DoesNotContain("color", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Page title in the head", text, StringComparison.Ordinal);
        Assert.DoesNotContain("JavaScript", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HtmlNestedTensOfThousandsDeepIsReadWithoutOverflowingTheStack()
    {
        const int depth = 50_000;
        var html = "<html><body>" + string.Concat(Enumerable.Repeat("<div>", depth)) + "Deep text"
            + string.Concat(Enumerable.Repeat("</div>", depth)) + "</body></html>";

        var text = Assert.Single((await ExtractAsync(Encoding.UTF8.GetBytes(html), DocumentMediaTypes.Html)).Pages).Text;

        Assert.Equal("Deep text", text);
    }

    [Fact]
    public async Task PlainTextWithAUtf8ByteOrderMarkIsDecodedWithoutTheMark()
    {
        byte[] content = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Règle 7 : délai de priorité")];

        var text = Assert.Single((await ExtractAsync(content, DocumentMediaTypes.PlainText)).Pages).Text;

        Assert.Equal("Règle 7 : délai de priorité", text);
    }

    [Fact]
    public async Task PlainTextInUtf16WithAByteOrderMarkIsDecoded()
    {
        var content = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("专利合作条约 第八条")).ToArray();

        var text = Assert.Single((await ExtractAsync(content, DocumentMediaTypes.PlainText)).Pages).Text;

        Assert.Equal("专利合作条约 第八条", text);
    }

    [Fact]
    public async Task InvalidUtf8BytesBecomeReplacementCharactersInsteadOfFailing()
    {
        byte[] content = [.. "Fee "u8, 0xC3, 0x28, 0xFF, .. " paid"u8];

        var text = Assert.Single((await ExtractAsync(content, DocumentMediaTypes.PlainText)).Pages).Text;

        Assert.StartsWith("Fee \uFFFD", text, StringComparison.Ordinal);
        Assert.EndsWith(" paid", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FormFeedsInPlainTextStartNewPages()
    {
        var content = Encoding.UTF8.GetBytes("Page one\r\nstill one\fPage two\fPage three");

        var pages = (await ExtractAsync(content, DocumentMediaTypes.PlainText)).Pages;

        Assert.Equal(["Page one\nstill one", "Page two", "Page three"], pages.Select(page => page.Text));
        Assert.Equal([1, 2, 3], pages.Select(page => page.Number));
    }

    [Fact]
    public async Task MarkdownKeepsItsHeadingsAndUnderlinedHeadingsBecomeHashLines()
    {
        const string markdown = """
            # Guidelines

            Examination
            ===========

            Formalities
            -----------

            ```
            Not a heading
            =============
            ```
            """;

        var lines = Assert.Single((await ExtractAsync(Encoding.UTF8.GetBytes(markdown), DocumentMediaTypes.Markdown)).Pages).Text.Split('\n');

        Assert.Contains("# Guidelines", lines);
        Assert.Contains("# Examination", lines);
        Assert.Contains("## Formalities", lines);
        Assert.Contains("Not a heading", lines);
        Assert.DoesNotContain("# Not a heading", lines);
    }

    [Theory]
    [InlineData(DocumentMediaTypes.Png)]
    [InlineData(DocumentMediaTypes.Jpeg)]
    public async Task ImagesGiveNoPagesAndAreNotAFailure(string mediaType)
    {
        var image = mediaType == DocumentMediaTypes.Png ? ExtractionTestFiles.Png() : ExtractionTestFiles.Jpeg();

        var result = await ExtractAsync(image, mediaType);

        Assert.Empty(result.Pages);
        Assert.Null(result.Language);
    }

    [Fact]
    public async Task MediaTypeParametersAndCaseAreIgnored()
    {
        var result = await ExtractAsync("Plain words"u8.ToArray(), "Text/Plain; charset=utf-8");

        Assert.Equal("Plain words", Assert.Single(result.Pages).Text);
    }

    [Fact]
    public async Task TextLongerThanTheContentLimitIsRefused()
    {
        var content = Encoding.UTF8.GetBytes(new string('x', 10_000));

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(
            () => ExtractAsync(content, DocumentMediaTypes.PlainText, new ExtractionLimits(MaxDecompressedBytes: 4_096)));

        Assert.Contains("4 KB", failure.Message, StringComparison.Ordinal);
    }

    private Task<ExtractedText> ExtractAsync(byte[] content, string mediaType, ExtractionLimits? limits = null) =>
        _extractor.ExtractAsync(new MemoryStream(content), mediaType, limits ?? new ExtractionLimits(), TestContext.Current.CancellationToken);
}
