using System.Text;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Chunking;

/// <summary>
/// Cuts a document version into passages along its legal units: a short article stays whole, a long one
/// is split between its numbered paragraphs (or sentences) with some overlap, so every passage can be
/// cited by article, rule or paragraph.
/// </summary>
internal sealed class DocumentChunker(ChunkingOptions options)
{
    public DocumentChunker()
        : this(new ChunkingOptions())
    {
    }

    public IReadOnlyList<KnowledgeChunk> Chunk(DocumentToIndex document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var language = LanguageDetector.Canonical(document.Language)
            ?? LanguageDetector.Detect(string.Concat(document.Pages.Take(3).Select(p => p.Text.Length > 4000 ? p.Text[..4000] : p.Text)));
        var parser = new StructureParser(language);
        var paragraphs = parser.Parse(document.Pages);
        var chunks = new List<KnowledgeChunk>();
        foreach (var group in GroupByUnit(paragraphs))
        {
            foreach (var pieces in Split(group))
            {
                chunks.Add(Build(document, language, chunks.Count, pieces) with { DocumentHeading = parser.DocumentHeading ?? string.Empty });
            }
        }

        return chunks;
    }

    private static List<List<StructuredParagraph>> GroupByUnit(IReadOnlyList<StructuredParagraph> paragraphs)
    {
        var groups = new List<List<StructuredParagraph>>();
        string? currentKey = null;
        foreach (var paragraph in paragraphs)
        {
            var key = UnitKey(paragraph.Path);
            if (key != currentKey || groups.Count == 0)
            {
                groups.Add([]);
                currentKey = key;
            }

            groups[^1].Add(paragraph);
        }

        return groups;
    }

    private static string UnitKey(IReadOnlyList<PathPart> path)
    {
        var builder = new StringBuilder();
        foreach (var part in path)
        {
            builder.Append(part.Display).Append('\u0001');
            if (part.Kind == PartKind.Unit)
            {
                break;
            }
        }

        // Text under a plain heading with no article: the heading is the unit.
        return builder.ToString();
    }

    /// <summary>A piece of text with the path of the paragraph it came from.</summary>
    private sealed record Piece(IReadOnlyList<PathPart> Path, string Text, int? Page, string Heading, bool IsOverlap);

    private IEnumerable<List<Piece>> Split(List<StructuredParagraph> group)
    {
        var total = group.Sum(p => p.Text.Length + 1);
        if (total <= options.MaxChunkChars)
        {
            yield return group.Select(p => new Piece(p.Path, p.Text, p.Page, p.Heading, false)).ToList();
            yield break;
        }

        var pieces = new List<Piece>();
        foreach (var paragraph in group)
        {
            if (paragraph.Text.Length <= options.TargetChunkChars)
            {
                pieces.Add(new Piece(paragraph.Path, paragraph.Text, paragraph.Page, paragraph.Heading, false));
                continue;
            }

            foreach (var part in SplitLongParagraph(paragraph.Text))
            {
                pieces.Add(new Piece(paragraph.Path, part, paragraph.Page, paragraph.Heading, false));
            }
        }

        var current = new List<Piece>();
        var length = 0;
        var unitDepth = UnitDepth(group[0].Path);
        foreach (var piece in pieces)
        {
            var structuralBreak = current.Count > 0 && length >= options.TargetChunkChars / 3
                && !SameTopLevel(current.Last(p => !p.IsOverlap).Path, piece.Path, unitDepth);
            var sizeBreak = current.Count > 0 && length + piece.Text.Length > options.TargetChunkChars;
            if (structuralBreak || sizeBreak)
            {
                yield return current;
                var previous = current;
                current = [];
                length = 0;
                if (!structuralBreak)
                {
                    var overlap = Overlap(previous[^1]);
                    if (overlap is not null)
                    {
                        current.Add(overlap);
                        length = overlap.Text.Length;
                    }
                }
            }

            current.Add(piece);
            length += piece.Text.Length + 1;
        }

        if (current.Any(p => !p.IsOverlap))
        {
            yield return current;
        }
    }

    /// <summary>The tail of the previous passage repeated at the head of the next, so a sentence cut by the split is whole somewhere.</summary>
    private Piece? Overlap(Piece last)
    {
        if (options.OverlapChars == 0)
        {
            return null;
        }

        if (last.Text.Length <= options.OverlapChars)
        {
            return last with { IsOverlap = true };
        }

        var sentences = SentenceSplitter.Split(last.Text);
        var tail = new StringBuilder();
        for (var i = sentences.Count - 1; i >= 0; i--)
        {
            if (tail.Length + sentences[i].Length > options.OverlapChars && tail.Length > 0)
            {
                break;
            }

            tail.Insert(0, sentences[i] + (tail.Length > 0 ? " " : string.Empty));
        }

        var text = tail.ToString().Trim();
        return text.Length == 0 || text.Length > options.OverlapChars * 2 ? null : last with { Text = text, IsOverlap = true };
    }

    private IEnumerable<string> SplitLongParagraph(string text)
    {
        var sentences = SentenceSplitter.Split(text);
        var current = new StringBuilder();
        foreach (var sentence in sentences)
        {
            if (current.Length > 0 && current.Length + sentence.Length > options.TargetChunkChars)
            {
                yield return current.ToString();
                current.Clear();
            }

            if (current.Length > 0)
            {
                current.Append(' ');
            }

            current.Append(sentence);
        }

        if (current.Length > 0)
        {
            yield return current.ToString();
        }
    }

    private static int UnitDepth(IReadOnlyList<PathPart> path)
    {
        for (var i = 0; i < path.Count; i++)
        {
            if (path[i].Kind == PartKind.Unit)
            {
                return i + 1;
            }
        }

        return path.TakeWhile(p => p.IsContainer).Count();
    }

    private static bool SameTopLevel(IReadOnlyList<PathPart> a, IReadOnlyList<PathPart> b, int unitDepth)
    {
        if (a.Count <= unitDepth || b.Count <= unitDepth)
        {
            return a.Count <= unitDepth && b.Count <= unitDepth;
        }

        return a[unitDepth] == b[unitDepth];
    }

    private static KnowledgeChunk Build(DocumentToIndex document, string language, int ordinal, List<Piece> pieces)
    {
        var text = new StringBuilder();
        var anchors = new List<SectionAnchor>();
        string? lastLabel = null;
        foreach (var piece in pieces)
        {
            if (text.Length > 0)
            {
                text.Append('\n');
            }

            var label = SectionLabels.Label(piece.Path, language);
            if (label != lastLabel)
            {
                anchors.Add(new SectionAnchor(text.Length, label));
                lastLabel = label;
            }

            text.Append(piece.Text);
        }

        var own = pieces.Where(p => !p.IsOverlap).ToList();
        var common = CommonPath(own.Select(p => p.Path).ToList());
        var first = own.Count > 0 ? own[0] : pieces[0];
        return new KnowledgeChunk(
            document.WorkspaceId,
            document.DocumentId,
            document.Version,
            document.Title,
            language,
            ordinal,
            SectionLabels.PathText(common),
            SectionLabels.Label(common, language),
            first.Heading,
            first.Page,
            text.ToString(),
            anchors);
    }

    private static List<PathPart> CommonPath(List<IReadOnlyList<PathPart>> paths)
    {
        if (paths.Count == 0)
        {
            return [];
        }

        var common = paths[0].ToList();
        foreach (var path in paths.Skip(1))
        {
            var length = 0;
            while (length < common.Count && length < path.Count && common[length] == path[length])
            {
                length++;
            }

            common.RemoveRange(length, common.Count - length);
        }

        return common;
    }
}
