using System.Globalization;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Chunking;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Cooperation.Knowledge.Search;

/// <summary>Reads a stored passage of the index back into a <see cref="KnowledgeHit"/>.</summary>
internal static class StoredPassages
{
    public static KnowledgeHit Read(LuceneDocument document, float score)
    {
        var page = document.GetField(IndexFields.Page)?.GetInt32Value() ?? -1;
        return new KnowledgeHit(
            Guid.ParseExact(document.Get(IndexFields.Workspace), "N"),
            Guid.ParseExact(document.Get(IndexFields.DocumentId), "N"),
            document.GetField(IndexFields.Version)?.GetInt32Value() ?? 0,
            document.Get(IndexFields.Title) ?? string.Empty,
            document.Get(IndexFields.Language) ?? string.Empty,
            document.Get(IndexFields.Label) ?? string.Empty,
            document.Get(IndexFields.SectionPath) ?? string.Empty,
            document.Get(IndexFields.Heading) ?? string.Empty,
            page < 0 ? null : page,
            document.Get(IndexFields.Text) ?? string.Empty,
            score,
            DecodeAnchors(document.Get(IndexFields.Anchors)),
            document.Get(IndexFields.DocumentHeading) ?? string.Empty);
    }

    private static List<SectionAnchor> DecodeAnchors(string? encoded)
    {
        var anchors = new List<SectionAnchor>();
        if (string.IsNullOrEmpty(encoded))
        {
            return anchors;
        }

        foreach (var line in encoded.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab > 0 && int.TryParse(line.AsSpan(0, tab), NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
            {
                anchors.Add(new SectionAnchor(offset, line[(tab + 1)..]));
            }
        }

        return anchors;
    }
}
