using System.Text;
using DocumentFormat.OpenXml.Packaging;

namespace Cooperation.Knowledge.Extraction;

/// <summary>Turns the node stream of word/document.xml into pages of Markdown-like text.</summary>
internal sealed class WordBodyReader(WordHeadingStyles headings, PageCollector pages)
{
    private static readonly OpenXmlNamespace W = OpenXmlNamespace.Word;

    private readonly StringBuilder _page = new();
    private readonly StringBuilder _paragraph = new();
    private int _paragraphDepth;
    private int _runDepth;
    private bool _inText;
    private bool _inSectionProperties;
    private ParagraphFormat _format = new();
    private bool _pageHasText;
    private bool _paragraphContinues;

    public void Read(MainDocumentPart part, DecompressionBudget budget)
    {
        foreach (var node in OpenXmlParts.Nodes(part, budget, IsLeftOut))
        {
            switch (node.Kind)
            {
                case PartNodeKind.Text when _inText:
                    _paragraph.Append(node.Text);
                    break;
                case PartNodeKind.Start:
                    OnStart(node);
                    break;
                case PartNodeKind.End:
                    OnEnd(node);
                    break;
            }
        }

        pages.Add(_page.ToString());
    }

    /// <summary>
    /// Deleted and moved-away revisions are not the document's text, and tracked formatting changes
    /// carry the old paragraph properties beside the current ones.
    /// </summary>
    private static bool IsLeftOut(string localName, string ns) =>
        localName is "del" or "moveFrom" or "pPrChange" or "sectPrChange" && W.Matches(ns);

    private void OnStart(PartNode node)
    {
        if (node.Is("p", W))
        {
            _paragraphDepth++;
            if (_paragraphDepth == 1)
            {
                _format = new ParagraphFormat();
                _paragraphContinues = false;
            }
            else
            {
                // A paragraph inside a text box: keep its words apart from the surrounding ones.
                _paragraph.Append('\n');
            }

            return;
        }

        if (_paragraphDepth == 0 || !W.Matches(node.Namespace))
        {
            return;
        }

        if (node.LocalName == "r")
        {
            _runDepth++;
        }
        else if (_runDepth > 0)
        {
            ReadRunContent(node);
        }
        else if (_paragraphDepth == 1)
        {
            ReadFormat(node);
        }
    }

    private void OnEnd(PartNode node)
    {
        if (!W.Matches(node.Namespace))
        {
            return;
        }

        switch (node.LocalName)
        {
            case "t":
                _inText = false;
                break;
            case "r" when _runDepth > 0:
                _runDepth--;
                break;
            case "sectPr":
                _inSectionProperties = false;
                break;
            case "p" when _paragraphDepth > 0:
                _paragraphDepth--;
                if (_paragraphDepth == 0)
                {
                    WriteParagraph();
                    if (_format.EndsSection)
                    {
                        BreakPage();
                    }
                }

                break;
        }
    }

    private void ReadRunContent(PartNode node)
    {
        switch (node.LocalName)
        {
            case "t":
                _inText = true;
                break;
            case "tab":
                _paragraph.Append('\t');
                break;
            case "br" when node.Attribute("type") == "page":
                BreakPage();
                break;
            case "br" or "cr":
                _paragraph.Append('\n');
                break;
            case "noBreakHyphen":
                _paragraph.Append('-');
                break;
        }
    }

    private void ReadFormat(PartNode node)
    {
        switch (node.LocalName)
        {
            case "pStyle":
                _format.StyleId = node.Attribute("val");
                break;
            case "outlineLvl":
                _format.OutlineLevel = WordHeadingStyles.ParseOutlineLevel(node.Attribute("val"));
                break;
            case "numPr":
                _format.IsListItem = true;
                break;
            case "pageBreakBefore" when node.IsOn():
                BreakPage();
                break;
            case "sectPr":
                // A section that ends with this paragraph starts the next on a new page unless it is continuous.
                _format.EndsSection = true;
                _inSectionProperties = true;
                break;
            case "type" when _inSectionProperties && node.Attribute("val") is "continuous" or "nextColumn":
                _format.EndsSection = false;
                break;
        }
    }

    private void WriteParagraph()
    {
        var text = _paragraph.ToString();
        _paragraph.Clear();
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var level = _format.OutlineLevel ?? headings.LevelOf(_format.StyleId);
        if (!_paragraphContinues && level is { } heading)
        {
            var line = string.Join(' ', text.Split((char[])['\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            _page.Append('\n').Append('#', Math.Min(heading, 6)).Append(' ').Append(line).Append("\n\n");
        }
        else if (!_paragraphContinues && _format.IsListItem)
        {
            _page.Append("- ").Append(text.Trim()).Append('\n');
        }
        else
        {
            _page.Append(text).Append("\n\n");
        }

        _pageHasText = true;
        _paragraphContinues = true;
    }

    private void BreakPage()
    {
        WriteParagraph();
        // Word does not start with a blank page for a break before any text.
        if (!_pageHasText && pages.Count == 0)
        {
            return;
        }

        pages.Add(_page.ToString());
        _page.Clear();
        _pageHasText = false;
    }

    private sealed class ParagraphFormat
    {
        public string? StyleId { get; set; }

        public int? OutlineLevel { get; set; }

        public bool IsListItem { get; set; }

        public bool EndsSection { get; set; }
    }
}
