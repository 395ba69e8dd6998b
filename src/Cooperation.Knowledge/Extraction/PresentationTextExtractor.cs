using System.Text;
using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>PPTX: one page per slide in presentation order; slide titles become "# " lines.</summary>
internal sealed class PresentationTextExtractor : IFormatTextExtractor
{
    public const string FormatName = "PowerPoint presentation";
    private static readonly OpenXmlNamespace P = OpenXmlNamespace.Presentation;
    private static readonly OpenXmlNamespace A = OpenXmlNamespace.Drawing;

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Pptx];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The PowerPoint presentation is damaged or is not a valid PPTX file, so its text cannot be read.";

    public Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken) =>
        OpenXmlPackageGuard.ReadAsync(content, limits, FormatName, budget => Read(content, limits, budget), cancellationToken);

    private static IReadOnlyList<ExtractedPage> Read(Stream content, ExtractionLimits limits, DecompressionBudget budget)
    {
        using var document = PresentationDocument.Open(content, false, OpenXmlParts.Settings(limits));
        var presentation = document.PresentationPart
            ?? throw new ExtractionFailedException("The PowerPoint presentation has no presentation part, so it has no slides to read.");
        var slides = ReadSlideList(presentation, budget);
        if (slides.Count > limits.MaxPages)
        {
            throw PageCollector.TooMany(limits.MaxPages, "slides", slides.Count);
        }

        var pages = new PageCollector(limits.MaxPages, "slides");
        foreach (var relationshipId in slides)
        {
            var text = relationshipId is not null && presentation.TryGetPartById(relationshipId, out var part) && part is SlidePart slide
                ? ReadSlide(slide, budget)
                : string.Empty;
            pages.Add(text);
        }

        return pages.Pages;
    }

    private static List<string?> ReadSlideList(PresentationPart presentation, DecompressionBudget budget)
    {
        var slides = new List<string?>();
        foreach (var node in OpenXmlParts.Nodes(presentation, budget))
        {
            if (node.IsStart("sldId", P))
            {
                slides.Add(node.RelationshipId());
            }
        }

        return slides;
    }

    private static string ReadSlide(SlidePart slide, DecompressionBudget budget)
    {
        var text = new StringBuilder();
        var paragraph = new StringBuilder();
        var inTitle = false;
        var inText = false;
        foreach (var node in OpenXmlParts.Nodes(slide, budget))
        {
            if (node.Kind == PartNodeKind.Text)
            {
                if (inText)
                {
                    paragraph.Append(node.Text);
                }
            }
            else if (node.Is("sp", P))
            {
                inTitle = false;
            }
            else if (node.IsStart("ph", P))
            {
                inTitle = node.Attribute("type") is "title" or "ctrTitle";
            }
            else if (node.Is("t", A))
            {
                inText = node.Kind == PartNodeKind.Start;
            }
            else if (node.IsStart("br", A))
            {
                paragraph.Append(inTitle ? ' ' : '\n');
            }
            else if (node.IsEnd("p", A))
            {
                var line = paragraph.ToString().Trim();
                if (line.Length > 0)
                {
                    text.Append(inTitle ? "# " : string.Empty).Append(line).Append('\n');
                }

                paragraph.Clear();
            }
        }

        return text.ToString();
    }
}
