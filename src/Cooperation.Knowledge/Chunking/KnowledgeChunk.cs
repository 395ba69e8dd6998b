namespace Cooperation.Knowledge.Chunking;

/// <summary>Where, inside a chunk's text, a legal unit starts; lets a quote be cited at its exact paragraph.</summary>
internal sealed record SectionAnchor(int Offset, string Label);

/// <summary>
/// A passage of a document version, cut along its legal structure. <see cref="Label"/> is the citation
/// form ("Article 4C(1)", "Rule 26bis.1(a)", "第十二条"); <see cref="SectionPath"/> the path to it
/// ("Article 4 > C > (1)").
/// </summary>
internal sealed record KnowledgeChunk(
    Guid WorkspaceId,
    Guid DocumentId,
    int Version,
    string Title,
    string Language,
    int Ordinal,
    string SectionPath,
    string Label,
    string Heading,
    int? Page,
    string Text,
    IReadOnlyList<SectionAnchor> Anchors,
    string DocumentHeading = "")
{
    /// <summary>The label of the unit that contains the character at <paramref name="offset"/>.</summary>
    public string LabelAt(int offset)
    {
        var label = Label;
        foreach (var anchor in Anchors)
        {
            if (anchor.Offset > offset)
            {
                break;
            }

            label = anchor.Label;
        }

        return label;
    }
}
