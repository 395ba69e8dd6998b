namespace Cooperation.Knowledge.Chunking;

internal enum PartKind
{
    Part,
    Chapter,
    Section,
    Heading,
    Unit,
    SubRule,
    Letter,
    Number,
    Lower,
    Roman,
    Item,
    Alinea,
}

/// <summary>One step of a section path: "Article 4", "C", "(1)".</summary>
/// <param name="Display">How the step reads in a section path.</param>
/// <param name="Token">The bare number or letter ("4", "C", "1", "26bis.1").</param>
internal sealed record PathPart(PartKind Kind, string Display, string Token)
{
    /// <summary>Structural containers above articles; lower number = higher in the document.</summary>
    public int Level => Kind switch
    {
        PartKind.Part => 0,
        PartKind.Chapter => 1,
        PartKind.Section => 2,
        PartKind.Heading => 3,
        _ => 4,
    };

    public bool IsContainer => Kind is PartKind.Part or PartKind.Chapter or PartKind.Section or PartKind.Heading;
}

/// <summary>A paragraph with the path that leads to it and the page it is on.</summary>
internal sealed record StructuredParagraph(IReadOnlyList<PathPart> Path, string Text, int? Page, string Heading);
