using System.Globalization;
using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Which paragraph styles of a Word document are headings, and of what level. Style ids are localised
/// ("Titre1", "berschrift1") but the built-in names stay "heading 1"; outline levels and "based on"
/// chains are followed too.
/// </summary>
internal sealed class WordHeadingStyles
{
    private const int MaxBasedOnChain = 10;

    private readonly Dictionary<string, StyleDefinition> _styles;

    private WordHeadingStyles(Dictionary<string, StyleDefinition> styles) => _styles = styles;

    public static WordHeadingStyles Read(StyleDefinitionsPart? part, DecompressionBudget budget)
    {
        var styles = new Dictionary<string, StyleDefinition>(StringComparer.OrdinalIgnoreCase);
        if (part is null)
        {
            return new WordHeadingStyles(styles);
        }

        var w = OpenXmlNamespace.Word;
        StyleDefinition? current = null;
        foreach (var node in OpenXmlParts.Nodes(part, budget))
        {
            if (node.IsStart("style", w))
            {
                current = new StyleDefinition { Id = node.Attribute("styleId") };
            }
            else if (node.IsEnd("style", w))
            {
                if (current?.Id is { } id)
                {
                    styles.TryAdd(id, current);
                }

                current = null;
            }
            else if (current is not null && node.IsStart("name", w))
            {
                current.Name = node.Attribute("val");
            }
            else if (current is not null && node.IsStart("basedOn", w))
            {
                current.BasedOn = node.Attribute("val");
            }
            else if (current is not null && node.IsStart("outlineLvl", w))
            {
                current.OutlineLevel = ParseOutlineLevel(node.Attribute("val"));
            }
        }

        return new WordHeadingStyles(styles);
    }

    /// <summary>1 for "heading 1" and titles, and so on; null for body text.</summary>
    public int? LevelOf(string? styleId)
    {
        for (var hops = 0; styleId is not null && hops < MaxBasedOnChain; hops++)
        {
            if (!_styles.TryGetValue(styleId, out var style))
            {
                // Documents written by tools without a styles part still use the built-in ids.
                return LevelFromName(styleId);
            }

            if (LevelFromName(style.Name) is { } named)
            {
                return named;
            }

            if (style.OutlineLevel is { } outline)
            {
                return outline;
            }

            styleId = style.BasedOn;
        }

        return null;
    }

    /// <summary>Word's outline level 0 is heading 1; 9 means body text.</summary>
    public static int? ParseOutlineLevel(string? value) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var level) && level is >= 0 and < 9 ? level + 1 : null;

    private static int? LevelFromName(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }

        var compact = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        if (compact is "title")
        {
            return 1;
        }

        if (compact.StartsWith("heading", StringComparison.Ordinal)
            && int.TryParse(compact.AsSpan("heading".Length), NumberStyles.None, CultureInfo.InvariantCulture, out var level)
            && level is >= 1 and <= 9)
        {
            return level;
        }

        return null;
    }

    private sealed class StyleDefinition
    {
        public string? Id { get; init; }

        public string? Name { get; set; }

        public string? BasedOn { get; set; }

        public int? OutlineLevel { get; set; }
    }
}
