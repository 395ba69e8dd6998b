using System.Globalization;
using System.Text;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Terminology;
using Lucene.Net.Documents;
using LuceneDocument = Lucene.Net.Documents.Document;

namespace Cooperation.Knowledge.Indexing;

/// <summary>Maps chunks to the Lucene documents the index stores (read back by <see cref="Search.StoredPassages"/>).</summary>
internal static class ChunkDocuments
{
    public static string Key(Guid id) => id.ToString("N", CultureInfo.InvariantCulture);

    public static LuceneDocument Marker(DocumentToIndex document) =>
    [
        new StringField(IndexFields.Kind, IndexFields.DocumentKind, Field.Store.YES),
        new StringField(IndexFields.DocumentId, Key(document.DocumentId), Field.Store.YES),
        new StringField(IndexFields.Workspace, Key(document.WorkspaceId), Field.Store.YES),
        new StoredField(IndexFields.Version, document.Version),
    ];

    /// <summary>What a chunk's vector is computed from: the instrument and section it belongs to say what it is about.</summary>
    public static string EmbeddingText(KnowledgeChunk chunk) =>
        string.Join('\n', new[] { chunk.Title, chunk.Heading, chunk.Text }.Where(s => !string.IsNullOrWhiteSpace(s)));

    public static LuceneDocument ToDocument(KnowledgeChunk chunk, ConceptTagger concepts, float[]? vector = null)
    {
        var searchable = chunk.Heading.Length > 0 ? chunk.Heading + "\n" + chunk.Text : chunk.Text;
        var labels = string.Join(' ', chunk.Anchors.Select(a => a.Label).Prepend(chunk.Label).Distinct(StringComparer.Ordinal));
        var context = string.Join('\n', new[] { chunk.Title, chunk.DocumentHeading, chunk.Heading }.Where(s => !string.IsNullOrWhiteSpace(s)));
        LuceneDocument document =
        [
            new StringField(IndexFields.Kind, IndexFields.ChunkKind, Field.Store.YES),
            new StringField(IndexFields.Workspace, Key(chunk.WorkspaceId), Field.Store.YES),
            new StringField(IndexFields.DocumentId, Key(chunk.DocumentId), Field.Store.YES),
            new StoredField(IndexFields.Version, chunk.Version),
            new StoredField(IndexFields.Title, chunk.Title),
            new StringField(IndexFields.Language, chunk.Language, Field.Store.YES),
            new StoredField(IndexFields.Ordinal, chunk.Ordinal),
            new StoredField(IndexFields.SectionPath, chunk.SectionPath),
            new StoredField(IndexFields.Label, chunk.Label),
            new StoredField(IndexFields.Heading, chunk.Heading),
            new StoredField(IndexFields.DocumentHeading, chunk.DocumentHeading),
            new StoredField(IndexFields.Page, chunk.Page ?? -1),
            new StoredField(IndexFields.Text, chunk.Text),
            new StoredField(IndexFields.Anchors, EncodeAnchors(chunk.Anchors)),
            new TextField(IndexFields.TextField(chunk.Language), searchable, Field.Store.NO),
            new TextField(IndexFields.NeutralText, searchable, Field.Store.NO),
            new TextField(IndexFields.LabelText, labels, Field.Store.NO),
            new TextField(IndexFields.NeutralContext, context, Field.Store.NO),
            new TextField(IndexFields.Concepts, string.Join(' ', concepts.Tag(chunk.Language, searchable)), Field.Store.NO),
        ];

        // The title and headings say what a passage is about whatever its language, so they are
        // searchable through every language's analysis.
        foreach (var language in new[] { chunk.Language, Text.LanguageDetector.English }.Distinct(StringComparer.Ordinal))
        {
            document.Add(new TextField(IndexFields.ContextField(language), context, Field.Store.NO));
        }

        if (vector is not null)
        {
            document.Add(new StoredField(Embeddings.ChunkVectors.Field, Embeddings.ChunkVectors.Encode(vector)));
        }

        return document;
    }

    /// <summary>One "offset\tlabel" line per anchor; <see cref="Search.StoredPassages"/> decodes it.</summary>
    private static string EncodeAnchors(IReadOnlyList<SectionAnchor> anchors)
    {
        var builder = new StringBuilder();
        foreach (var anchor in anchors)
        {
            builder.Append(anchor.Offset.ToString(CultureInfo.InvariantCulture)).Append('\t').Append(anchor.Label.Replace('\n', ' ')).Append('\n');
        }

        return builder.ToString();
    }
}
