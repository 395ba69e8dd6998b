using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Reads Open XML parts as a stream of elements, never as a loaded tree: memory stays flat, hostile
/// nesting cannot exhaust the stack, and every byte goes through the decompression budget.
/// </summary>
internal static class OpenXmlParts
{
    private const string RelationshipsNamespaceTail = "relationships";

    public static OpenSettings Settings(ExtractionLimits limits) => new()
    {
        AutoSave = false,
        MaxCharactersInPart = limits.MaxDecompressedBytes,
    };

    public static OpenXmlReader Read(OpenXmlPart part, DecompressionBudget budget)
    {
        var stream = budget.Watch(part.GetStream(FileMode.Open, FileAccess.Read));
        var options = new OpenXmlPartReaderOptions
        {
            CloseStream = true,
            IgnoreWhitespace = false,
            MaxCharactersInPart = budget.MaxBytes,
        };
        return new OpenXmlPartReader(stream, part.Features, options);
    }

    /// <summary>
    /// Every element of the part in document order, start and end, with a cancellation check per element.
    /// Subtrees whose start element <paramref name="ignore"/> matches are left out whole; mc:Fallback
    /// always is, because it repeats the content of the mc:Choice beside it.
    /// </summary>
    public static IEnumerable<OpenXmlReader> Elements(OpenXmlReader reader, CancellationToken cancellationToken, Func<Type, bool>? ignore = null)
    {
        var ignoredDepth = -1;
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ignoredDepth >= 0)
            {
                if (reader.IsEndElement && reader.Depth == ignoredDepth)
                {
                    ignoredDepth = -1;
                }

                continue;
            }

            if (reader.IsStartElement && (reader.ElementType == typeof(AlternateContentFallback) || ignore?.Invoke(reader.ElementType) == true))
            {
                ignoredDepth = reader.Depth;
                continue;
            }

            yield return reader;
        }
    }

    public static string? Attribute(OpenXmlReader reader, string localName)
    {
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.LocalName == localName && !attribute.NamespaceUri.EndsWith(RelationshipsNamespaceTail, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>The r:id attribute that points from a list entry (a sheet, a slide) to its part.</summary>
    public static string? RelationshipId(OpenXmlReader reader)
    {
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.LocalName == "id" && attribute.NamespaceUri.EndsWith(RelationshipsNamespaceTail, StringComparison.Ordinal))
            {
                return attribute.Value;
            }
        }

        return null;
    }

    /// <summary>Reads an on/off property the way Word does: present without a value means on.</summary>
    public static bool IsOn(OpenXmlReader reader) => Attribute(reader, "val") switch
    {
        null or "1" or "true" or "on" => true,
        _ => false,
    };
}
