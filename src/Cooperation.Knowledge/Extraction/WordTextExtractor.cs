using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>DOCX: paragraphs in order, headings as "# " lines, pages split at explicit page and section breaks.</summary>
internal sealed class WordTextExtractor : IFormatTextExtractor
{
    public const string FormatName = "Word document";

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Docx];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The Word document is damaged or is not a valid DOCX file, so its text cannot be read.";

    public Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken) =>
        OpenXmlPackageGuard.ReadAsync(content, limits, FormatName, budget => Read(content, limits, budget), cancellationToken);

    private static IReadOnlyList<ExtractedPage> Read(Stream content, ExtractionLimits limits, DecompressionBudget budget)
    {
        using var document = WordprocessingDocument.Open(content, false, OpenXmlParts.Settings(limits));
        var main = document.MainDocumentPart
            ?? throw new ExtractionFailedException("The Word document has no main text part, so it has no text to read.");
        var headings = WordHeadingStyles.Read(main.StyleDefinitionsPart, budget);
        var pages = new PageCollector(limits.MaxPages);
        new WordBodyReader(headings, pages).Read(main, budget);
        return pages.Pages;
    }
}
