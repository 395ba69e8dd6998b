using System.Text;
using DocumentFormat.OpenXml;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Cooperation.Knowledge.Extraction;

/// <summary>Turns the element stream of word/document.xml into pages of Markdown-like text.</summary>
internal sealed class WordBodyReader(WordHeadingStyles headings, PageCollector pages)
{
    private readonly StringBuilder _page = new();
    private readonly StringBuilder _paragraph = new();
    private int _paragraphDepth;
    private ParagraphFormat _format = new();
    private bool _pageHasText;
    private bool _paragraphContinues;

    public void Read(OpenXmlReader reader, CancellationToken cancellationToken)
    {
        // Tracked changes keep the old formatting beside the new; only the current one counts.
        static bool IsOldFormatting(Type type) => type == typeof(W.ParagraphPropertiesChange) || type == typeof(W.SectionPropertiesChange);

        foreach (var element in OpenXmlParts.Elements(reader, cancellationToken, IsOldFormatting))
        {
            if (element.IsStartElement)
            {
                OnStart(element);
            }
            else if (element.IsEndElement && element.ElementType == typeof(W.Paragraph))
            {
                OnParagraphEnd();
            }
        }

        pages.Add(_page.ToString());
    }

    private void OnStart(OpenXmlReader element)
    {
        var type = element.ElementType;
        if (type == typeof(W.Paragraph))
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

        if (_paragraphDepth == 0)
        {
            return;
        }

        if (type == typeof(W.Text))
        {
            _paragraph.Append(element.GetText());
        }
        else if (type == typeof(W.TabChar))
        {
            _paragraph.Append('\t');
        }
        else if (type == typeof(W.Break))
        {
            if (OpenXmlParts.Attribute(element, "type") == "page")
            {
                BreakPage();
            }
            else
            {
                _paragraph.Append('\n');
            }
        }
        else if (type == typeof(W.CarriageReturn))
        {
            _paragraph.Append('\n');
        }
        else if (type == typeof(W.NoBreakHyphen))
        {
            _paragraph.Append('-');
        }
        else if (_paragraphDepth == 1)
        {
            ReadFormat(element, type);
        }
    }

    private void ReadFormat(OpenXmlReader element, Type type)
    {
        if (type == typeof(W.ParagraphStyleId))
        {
            _format.StyleId = OpenXmlParts.Attribute(element, "val");
        }
        else if (type == typeof(W.OutlineLevel))
        {
            _format.OutlineLevel = WordHeadingStyles.ParseOutlineLevel(OpenXmlParts.Attribute(element, "val"));
        }
        else if (type == typeof(W.NumberingProperties))
        {
            _format.IsListItem = true;
        }
        else if (type == typeof(W.PageBreakBefore) && OpenXmlParts.IsOn(element))
        {
            BreakPage();
        }
        else if (type == typeof(W.SectionProperties))
        {
            // A section that ends with this paragraph starts the next on a new page unless it is continuous.
            _format.EndsSection = true;
        }
        else if (type == typeof(W.SectionType) && OpenXmlParts.Attribute(element, "val") is "continuous" or "nextColumn")
        {
            _format.EndsSection = false;
        }
    }

    private void OnParagraphEnd()
    {
        if (_paragraphDepth == 0)
        {
            return;
        }

        _paragraphDepth--;
        if (_paragraphDepth > 0)
        {
            return;
        }

        WriteParagraph();
        if (_format.EndsSection)
        {
            BreakPage();
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
        // Word does not start a blank first page for a break before any text.
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
