using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using A = DocumentFormat.OpenXml.Drawing;
using P = DocumentFormat.OpenXml.Presentation;

namespace Cooperation.Knowledge.Extraction;

/// <summary>PPTX: one page per slide in presentation order; slide titles become "# " lines.</summary>
internal sealed class PresentationTextExtractor : IFormatTextExtractor
{
    private const string FormatName = "PowerPoint presentation";

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Pptx];

    public bool NeedsSeekableContent => true;

    public string DamagedReason => "The PowerPoint presentation is damaged or is not a valid PPTX file, so its text cannot be read.";

    public async Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var budget = await OpenXmlPackageGuard.CheckAsync(content, limits, FormatName, cancellationToken);
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
            var text = string.Empty;
            if (relationshipId is not null && presentation.TryGetPartById(relationshipId, out var part) && part is SlidePart slide)
            {
                using var reader = OpenXmlParts.Read(slide, budget);
                text = ReadSlide(reader, cancellationToken);
            }

            pages.Add(text);
        }

        return pages.Pages;
    }

    private static List<string?> ReadSlideList(PresentationPart presentation, DecompressionBudget budget)
    {
        var slides = new List<string?>();
        using var reader = OpenXmlParts.Read(presentation, budget);
        foreach (var element in OpenXmlParts.Elements(reader, budget.CancellationToken))
        {
            if (element.IsStartElement && element.ElementType == typeof(P.SlideId))
            {
                slides.Add(OpenXmlParts.RelationshipId(element));
            }
        }

        return slides;
    }

    private static string ReadSlide(OpenXmlReader reader, CancellationToken cancellationToken)
    {
        var slide = new StringBuilder();
        var paragraph = new StringBuilder();
        var inTitle = false;
        foreach (var element in OpenXmlParts.Elements(reader, cancellationToken))
        {
            var type = element.ElementType;
            if (type == typeof(P.Shape))
            {
                inTitle = false;
            }
            else if (type == typeof(P.PlaceholderShape) && element.IsStartElement)
            {
                inTitle = OpenXmlParts.Attribute(element, "type") is "title" or "ctrTitle";
            }
            else if (type == typeof(A.Text) && element.IsStartElement)
            {
                paragraph.Append(element.GetText());
            }
            else if (type == typeof(A.Break) && element.IsStartElement)
            {
                paragraph.Append(inTitle ? ' ' : '\n');
            }
            else if (type == typeof(A.Paragraph) && element.IsEndElement)
            {
                if (!string.IsNullOrWhiteSpace(paragraph.ToString()))
                {
                    slide.Append(inTitle ? "# " : string.Empty).Append(paragraph.ToString().Trim()).Append('\n');
                }

                paragraph.Clear();
            }
        }

        return slide.ToString();
    }
}
