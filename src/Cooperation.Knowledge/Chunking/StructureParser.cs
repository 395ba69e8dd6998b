using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Chunking;

/// <summary>
/// Reads extracted text line by line and tracks where each paragraph sits in the legal structure
/// (part, chapter, article or rule, and the numbered paragraphs below it).
/// </summary>
internal sealed class StructureParser(string language)
{
    private readonly List<PathPart> _containers = [];
    private readonly List<PathPart> _subs = [];
    private readonly List<StructuredParagraph> _paragraphs = [];
    private readonly Dictionary<PathPart, string> _titles = [];
    private PathPart? _unit;
    private PathPart? _lastStructural;
    private bool _textSinceStructural;
    private int _unitParagraphs;
    private int _alinea;
    private string? _pending;
    private IReadOnlyList<PathPart> _pendingPath = [];
    private int? _pendingPage;
    private char _lastParagraphEnd;

    /// <summary>The title line of a Markdown document, left out of the passages but kept for search.</summary>
    public string? DocumentHeading { get; private set; }

    public IReadOnlyList<StructuredParagraph> Parse(IReadOnlyList<ExtractedPage> pages)
    {
        var first = true;
        foreach (var page in pages)
        {
            var text = page.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');
            if (first)
            {
                (text, DocumentHeading) = MarkdownHeader.Strip(text);
                first = false;
            }

            foreach (var rawLine in text.Split('\n'))
            {
                ReadLine(TextNormalizer.NormalizeLine(rawLine), page.Number);
            }

            Flush();
        }

        Flush();
        return _paragraphs;
    }

    private void ReadLine(string line, int page)
    {
        if (line.Length == 0)
        {
            Flush();
            return;
        }

        if (line.StartsWith('#'))
        {
            Flush();
            ReadHeading(line.TrimStart('#').Trim().Trim('*').Trim());
            return;
        }

        if (line is "---" or "***" or "___" || IsTableRule(line))
        {
            Flush();
            return;
        }

        var inline = LegalMarkers.InlineChineseArticle(line);
        if (inline is { } chinese)
        {
            Flush();
            OpenUnit(chinese.Unit);
            if (chinese.Remainder.Length > 0)
            {
                StartParagraph(chinese.Remainder, page, marker: null);
            }

            return;
        }

        // A short line of its own that names a unit ("Article 5", "CHAPTER II") is a heading in plain text.
        if (line.Length <= 80 && LegalMarkers.Heading(line) is { } heading && IsBareHeading(line, heading.Length))
        {
            Flush();
            OpenStructure(heading.Part);
            return;
        }

        var marker = LegalMarkers.Paragraph(line, CurrentPath(), _lastParagraphEnd is ':' or '：');
        if (marker is null && _pending is not null && ContinuesPrevious(_pending, line))
        {
            _pending += " " + line;
            return;
        }

        Flush();
        StartParagraph(line, page, marker);
    }

    private void ReadHeading(string heading)
    {
        if (heading.Length == 0)
        {
            return;
        }

        if (LegalMarkers.Heading(heading) is { } match)
        {
            var part = match.Part;
            OpenStructure(part);
            var rest = heading[match.Length..].Trim(' ', '.', ':', '-', '—', '　');
            if (rest.Length > 0)
            {
                _titles[part] = rest;
            }

            return;
        }

        // A plain heading right under an article or chapter heading is that unit's title.
        if (_lastStructural is not null && !_textSinceStructural)
        {
            _titles[_lastStructural] = _titles.TryGetValue(_lastStructural, out var existing) ? existing + " " + heading : heading;
            return;
        }

        var generic = new PathPart(PartKind.Heading, heading, heading);
        OpenStructure(generic);
        _lastStructural = null;
    }

    private void OpenStructure(PathPart part)
    {
        if (part.Kind == PartKind.Unit)
        {
            OpenUnit(part);
            return;
        }

        _containers.RemoveAll(c => c.Level >= part.Level);
        _containers.Add(part);
        _unit = null;
        _subs.Clear();
        _lastStructural = part;
        _textSinceStructural = false;
    }

    private void OpenUnit(PathPart unit)
    {
        _unit = unit;
        _subs.Clear();
        _unitParagraphs = 0;
        _alinea = 1;
        _lastStructural = unit;
        _textSinceStructural = false;
    }

    private void StartParagraph(string line, int page, PathPart? marker)
    {
        if (marker is not null)
        {
            var existing = _subs.FindIndex(s => s.Kind == marker.Kind);
            if (existing >= 0)
            {
                _subs.RemoveRange(existing, _subs.Count - existing);
            }

            _subs.Add(marker);
        }
        else if (_unit is not null && _unitParagraphs > 0 && language is LanguageDetector.French or LanguageDetector.Chinese
                 && (_subs.Count == 0 || _subs[^1].Kind == PartKind.Alinea))
        {
            // Unnumbered paragraphs of a French or Chinese article are cited by position (alinéa, 款).
            _alinea++;
            _subs.Clear();
            var display = language == LanguageDetector.Chinese
                ? "第" + ChineseNumerals.Format(_alinea) + "款"
                : "alinéa " + _alinea.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _subs.Add(new PathPart(PartKind.Alinea, display, _alinea.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        _pending = line;
        _pendingPath = CurrentPath();
        _pendingPage = page;
        _textSinceStructural = true;
        if (_unit is not null)
        {
            _unitParagraphs++;
        }
    }

    private void Flush()
    {
        if (_pending is null)
        {
            return;
        }

        _paragraphs.Add(new StructuredParagraph(_pendingPath, _pending, _pendingPage, HeadingText(_pendingPath)));
        _lastParagraphEnd = _pending[^1];
        _pending = null;
    }

    private List<PathPart> CurrentPath()
    {
        var path = new List<PathPart>(_containers);
        if (_unit is not null)
        {
            path.Add(_unit);
        }

        path.AddRange(_subs);
        return path;
    }

    private string HeadingText(IReadOnlyList<PathPart> path)
    {
        var pieces = new List<string>();
        foreach (var part in path)
        {
            if (!part.IsContainer && part.Kind != PartKind.Unit)
            {
                continue;
            }

            var text = _titles.TryGetValue(part, out var title) ? part.Display + " " + title : part.Display;
            pieces.Add(text.Length <= 120 ? text : text[..120] + "…");
        }

        return string.Join(" — ", pieces);
    }

    private static bool IsBareHeading(string line, int headingLength)
    {
        var rest = line[headingLength..].Trim(' ', '.', ':', '-', '—', '\u3000');
        return rest.Length == 0 || (rest.Length <= 60 && !char.IsLower(rest[0]) && rest[^1] is not ('.' or ';' or ',' or '。'));
    }

    private static bool IsTableRule(string line) => line.StartsWith('|') && line.Trim('|', '-', ' ', ':').Length == 0;

    /// <summary>Text wrapped by a PDF page continues when the line before ends mid-sentence in lower case.</summary>
    private static bool ContinuesPrevious(string previous, string line)
    {
        var last = previous[^1];
        if (".;:!?。；：！？)".Contains(last, StringComparison.Ordinal))
        {
            return false;
        }

        return char.IsLower(line[0]);
    }
}
