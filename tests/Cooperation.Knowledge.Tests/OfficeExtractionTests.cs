using Cooperation.Knowledge.Extraction;
using DocumentFormat.OpenXml;
using Xunit;
using static Cooperation.Knowledge.Tests.ExtractionTestFiles;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Cooperation.Knowledge.Tests;

public sealed class OfficeExtractionTests
{
    private readonly TextExtractor _extractor = new();

    [Fact]
    public async Task DocxHeadingsBecomeMarkdownHeadingLinesAboveTheirText()
    {
        var docx = Docx(body => body.Append(
            Paragraph("Chapter I General Provisions", "Heading1"),
            Paragraph("This Law governs the protection of industrial designs."),
            Paragraph("Article 4 Priority", "Heading2"),
            Paragraph("Priority lasts six months.")));

        var page = Assert.Single((await ExtractAsync(docx, DocumentMediaTypes.Docx)).Pages);

        var lines = page.Text.Split('\n');
        Assert.Contains("# Chapter I General Provisions", lines);
        Assert.Contains("## Article 4 Priority", lines);
        Assert.Contains("This Law governs the protection of industrial designs.", lines);
        Assert.True(
            Array.IndexOf(lines, "## Article 4 Priority") < Array.IndexOf(lines, "Priority lasts six months."),
            "the heading comes before its text");
        Assert.Equal(1, page.Number);
    }

    [Fact]
    public async Task DocxHeadingsAreFoundByStyleNameAndOutlineLevelWhenStyleIdsAreLocalised()
    {
        var docx = Docx(
            body => body.Append(
                Paragraph("Titre premier", "Titre1"),
                Paragraph("Chapitre deux", "Titre2"),
                Paragraph("Article 12", "ArticleHeading"),
                Paragraph("Texte ordinaire", "Normal")),
            AddLocalisedHeadingStyles);

        var lines = Assert.Single((await ExtractAsync(docx, DocumentMediaTypes.Docx)).Pages).Text.Split('\n');

        Assert.Contains("# Titre premier", lines);
        Assert.Contains("## Chapitre deux", lines);
        Assert.Contains("### Article 12", lines);
        Assert.Contains("Texte ordinaire", lines);
    }

    [Fact]
    public async Task DocxIsSplitIntoPagesAtExplicitPageBreaks()
    {
        var docx = Docx(body => body.Append(
            Paragraph("First page text"),
            PageBreak(),
            Paragraph("Second page text"),
            new W.Paragraph(new W.ParagraphProperties(new W.PageBreakBefore()), new W.Run(new W.Text("Third page text")))));

        var pages = (await ExtractAsync(docx, DocumentMediaTypes.Docx)).Pages;

        Assert.Equal([1, 2, 3], pages.Select(page => page.Number));
        Assert.Equal("First page text", pages[0].Text);
        Assert.Equal("Second page text", pages[1].Text);
        Assert.Equal("Third page text", pages[2].Text);
    }

    [Fact]
    public async Task DocxTableCellsListItemsAndTabsAreKept()
    {
        var docx = Docx(body => body.Append(
            new W.Table(new W.TableRow(
                new W.TableCell(Paragraph("Filing fee")),
                new W.TableCell(Paragraph("100 CHF")))),
            new W.Paragraph(
                new W.ParagraphProperties(new W.NumberingProperties(new W.NumberingLevelReference { Val = 0 }, new W.NumberingId { Val = 1 })),
                new W.Run(new W.Text("Designs"), new W.TabChar(), new W.Text("Marks")))));

        var text = Assert.Single((await ExtractAsync(docx, DocumentMediaTypes.Docx)).Pages).Text;

        Assert.Contains("Filing fee", text, StringComparison.Ordinal);
        Assert.Contains("100 CHF", text, StringComparison.Ordinal);
        Assert.Contains("- Designs\tMarks", text.Split('\n'));
    }

    [Fact]
    public async Task DocxContentInAlternateMarkupIsReadOnceNotTwice()
    {
        var docx = Docx(body => body.Append(new W.Paragraph(new W.Run(
            new AlternateContent(
                new AlternateContentChoice(new W.Run(new W.Text("Boxed note"))) { Requires = "w" },
                new AlternateContentFallback(new W.Run(new W.Text("Boxed note"))))))));

        var text = Assert.Single((await ExtractAsync(docx, DocumentMediaTypes.Docx)).Pages).Text;

        Assert.Equal("Boxed note", text);
    }

    [Fact]
    public async Task DocxDeletedRevisionsAreNotPartOfTheText()
    {
        var docx = Docx(body => body.Append(new W.Paragraph(
            new W.Run(new W.Text("Kept words ") { Space = SpaceProcessingModeValues.Preserve }),
            new W.DeletedRun(new W.Run(new W.DeletedText("removed words"))) { Id = "1", Author = "Editor" })));

        var text = Assert.Single((await ExtractAsync(docx, DocumentMediaTypes.Docx)).Pages).Text;

        Assert.Equal("Kept words", text);
    }

    [Fact]
    public async Task XlsxGivesOnePagePerSheetHeadedByItsNameWithOneLinePerRow()
    {
        var xlsx = Xlsx(
            ("Fees", [["Service", "Fee"], ["Filing", 100], ["Renewal", 250.5]]),
            ("Deadlines", [["Priority months", 12], ["Examination requested", true]]));

        var pages = (await ExtractAsync(xlsx, DocumentMediaTypes.Xlsx)).Pages;

        Assert.Equal(2, pages.Count);
        Assert.Equal("# Fees\n\nService\tFee\nFiling\t100\nRenewal\t250.5", pages[0].Text);
        Assert.Equal("# Deadlines\n\nPriority months\t12\nExamination requested\tTRUE", pages[1].Text);
        Assert.Equal(2, pages[1].Number);
    }

    [Fact]
    public async Task XlsxWithMoreSheetsThanThePageCapIsRefused()
    {
        var xlsx = Xlsx(("One", [["a"]]), ("Two", [["b"]]), ("Three", [["c"]]));

        var failure = await Assert.ThrowsAsync<ExtractionFailedException>(() => ExtractAsync(xlsx, DocumentMediaTypes.Xlsx, new ExtractionLimits(MaxPages: 2)));

        Assert.Contains("3 sheets", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PptxGivesOnePagePerSlideInPresentationOrderWithTitlesMarked()
    {
        var pptx = Pptx(
            [
                ("Background", ["Cooperation since 2016", "Eight partner offices"]),
                ("Agenda", ["Opening", "Examiner exchange"]),
            ],
            order: [1, 0]);

        var pages = (await ExtractAsync(pptx, DocumentMediaTypes.Pptx)).Pages;

        Assert.Equal(2, pages.Count);
        Assert.Equal("# Agenda\nOpening\nExaminer exchange", pages[0].Text);
        Assert.Equal("# Background\nCooperation since 2016\nEight partner offices", pages[1].Text);
        Assert.Equal(2, pages[1].Number);
    }

    [Fact]
    public async Task DocxFromAStreamThatCannotSeekIsReadAllTheSame()
    {
        var docx = Docx(body => body.Append(Paragraph("Joint statement")));
        using var stream = new ForwardOnlyStream(docx);

        var result = await _extractor.ExtractAsync(stream, DocumentMediaTypes.Docx, new ExtractionLimits(), TestContext.Current.CancellationToken);

        Assert.Equal("Joint statement", Assert.Single(result.Pages).Text);
    }

    private Task<ExtractedText> ExtractAsync(byte[] content, string mediaType, ExtractionLimits? limits = null) =>
        _extractor.ExtractAsync(new MemoryStream(content), mediaType, limits ?? new ExtractionLimits(), TestContext.Current.CancellationToken);
}
