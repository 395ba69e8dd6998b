using System.Xml;
using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>One event while streaming an Open XML part: an element's start or end, or a run of text.</summary>
internal readonly record struct PartNode(PartNodeKind Kind, string LocalName, string Namespace, XmlReader Reader)
{
    public bool IsStart(string localName, OpenXmlNamespace ns) => Kind == PartNodeKind.Start && LocalName == localName && ns.Matches(Namespace);

    public bool IsEnd(string localName, OpenXmlNamespace ns) => Kind == PartNodeKind.End && LocalName == localName && ns.Matches(Namespace);

    public bool Is(string localName, OpenXmlNamespace ns) => Kind != PartNodeKind.Text && LocalName == localName && ns.Matches(Namespace);

    /// <summary>An attribute of the element that starts here, by local name, ignoring relationship references.</summary>
    public string? Attribute(string localName) => OpenXmlParts.Attribute(Reader, localName, relationship: false);

    /// <summary>The r:id that points from a list entry (a sheet, a slide) to its part.</summary>
    public string? RelationshipId() => OpenXmlParts.Attribute(Reader, "id", relationship: true);

    /// <summary>Reads an on/off property the way Office does: present without a value means on.</summary>
    public bool IsOn() => Attribute("val") is null or "1" or "true" or "on";

    public string Text => Reader.Value;
}

internal enum PartNodeKind
{
    Start,
    End,
    Text,
}

/// <summary>A namespace of the Open XML vocabularies, in its transitional and its strict spelling.</summary>
internal sealed class OpenXmlNamespace(string transitional, string strict)
{
    public static readonly OpenXmlNamespace Word = new(
        "http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main");

    public static readonly OpenXmlNamespace Spreadsheet = new(
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main", "http://purl.oclc.org/ooxml/spreadsheetml/main");

    public static readonly OpenXmlNamespace Presentation = new(
        "http://schemas.openxmlformats.org/presentationml/2006/main", "http://purl.oclc.org/ooxml/presentationml/main");

    public static readonly OpenXmlNamespace Drawing = new(
        "http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main");

    public bool Matches(string ns) => ns == transitional || ns == strict;
}

/// <summary>
/// Streams Open XML parts with a plain XmlReader, never as a loaded tree: memory stays flat, hostile
/// nesting cannot exhaust the stack, every byte goes through the decompression budget, and content
/// inside mc:AlternateContent is read like any other (the SDK's typed reader does not type it).
/// </summary>
internal static class OpenXmlParts
{
    private const string MarkupCompatibilityNamespace = "http://schemas.openxmlformats.org/markup-compatibility/2006";
    private const string RelationshipsNamespaceTail = "relationships";

    public static DocumentFormat.OpenXml.Packaging.OpenSettings Settings(ExtractionLimits limits) => new()
    {
        AutoSave = false,
        MaxCharactersInPart = limits.MaxDecompressedBytes,
    };

    /// <summary>
    /// Every element start and end and every text node of the part, in document order, with a
    /// cancellation check per node. Subtrees whose start <paramref name="ignore"/> matches are left out
    /// whole; mc:Fallback always is, because it repeats the content of the mc:Choice beside it.
    /// </summary>
    public static IEnumerable<PartNode> Nodes(OpenXmlPart part, DecompressionBudget budget, Func<string, string, bool>? ignore = null)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            IgnoreComments = true,
            IgnoreProcessingInstructions = true,
            CloseInput = true,
        };
        using var reader = XmlReader.Create(budget.Watch(part.GetStream(FileMode.Open, FileAccess.Read), part.Uri), settings);
        var ignoredDepth = -1;
        while (reader.Read())
        {
            budget.CancellationToken.ThrowIfCancellationRequested();
            switch (reader.NodeType)
            {
                case XmlNodeType.Element when ignoredDepth >= 0:
                    continue;
                case XmlNodeType.Element:
                    var empty = reader.IsEmptyElement;
                    var isFallback = reader.LocalName == "Fallback" && reader.NamespaceURI == MarkupCompatibilityNamespace;
                    if (isFallback || ignore?.Invoke(reader.LocalName, reader.NamespaceURI) == true)
                    {
                        ignoredDepth = empty ? -1 : reader.Depth;
                        continue;
                    }

                    yield return new PartNode(PartNodeKind.Start, reader.LocalName, reader.NamespaceURI, reader);
                    if (empty)
                    {
                        yield return new PartNode(PartNodeKind.End, reader.LocalName, reader.NamespaceURI, reader);
                    }

                    break;
                case XmlNodeType.EndElement when ignoredDepth >= 0:
                    if (reader.Depth == ignoredDepth)
                    {
                        ignoredDepth = -1;
                    }

                    continue;
                case XmlNodeType.EndElement:
                    yield return new PartNode(PartNodeKind.End, reader.LocalName, reader.NamespaceURI, reader);
                    break;
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.SignificantWhitespace or XmlNodeType.Whitespace when ignoredDepth < 0:
                    yield return new PartNode(PartNodeKind.Text, string.Empty, string.Empty, reader);
                    break;
            }
        }
    }

    internal static string? Attribute(XmlReader reader, string localName, bool relationship)
    {
        if (!reader.MoveToFirstAttribute())
        {
            return null;
        }

        try
        {
            do
            {
                var isRelationship = reader.NamespaceURI.EndsWith(RelationshipsNamespaceTail, StringComparison.Ordinal);
                if (reader.LocalName == localName && isRelationship == relationship)
                {
                    return reader.Value;
                }
            }
            while (reader.MoveToNextAttribute());

            return null;
        }
        finally
        {
            reader.MoveToElement();
        }
    }
}
