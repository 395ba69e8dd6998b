using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>DOCX: paragraphs in order, headings as "# " lines, pages split at explicit page and section breaks.</summary>
internal sealed class WordTextExtractor : IFormatTextExtractor
{
    private const string FormatName = "Word document";

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Docx];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The Word document is damaged or is not a valid DOCX file, so its text cannot be read.";

    public async Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var budget = await OpenXmlPackageGuard.CheckAsync(content, limits, FormatName, cancellationToken);
        using var document = WordprocessingDocument.Open(content, false, OpenXmlParts.Settings(limits));
        var main = document.MainDocumentPart
            ?? throw new ExtractionFailedException("The Word document has no main text part, so it has no text to read.");
        var headings = WordHeadingStyles.Read(main.StyleDefinitionsPart, budget);
        var pages = new PageCollector(limits.MaxPages);
        using var reader = OpenXmlParts.Read(main, budget);
        new WordBodyReader(headings, pages).Read(reader, cancellationToken);
        return pages.Pages;
    }
}
