using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace Cooperation.Knowledge.Extraction;

/// <summary>HTML: the visible text of the body, without scripts or styles; h1-h6 become "#" lines, list items "- " lines.</summary>
internal sealed class HtmlTextExtractor : IFormatTextExtractor
{
    private static readonly HashSet<string> Hidden = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "title", "meta", "link", "iframe", "object", "embed",
        "svg", "math", "canvas", "select", "button",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "div",
        "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "nav", "ol",
        "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
    };

    public IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Html];

    public bool NeedsSeekableContent => false;

    public string DamagedReason => "The HTML page could not be read.";

    public async Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var budget = new DecompressionBudget(limits.MaxDecompressedBytes, cancellationToken);
        var parser = new HtmlParser(new HtmlParserOptions { SkipComments = true, IsScripting = false });
        await using var source = budget.Watch(content, leaveOpen: true);
        using var document = await parser.ParseDocumentAsync(source, cancellationToken);
        var root = (INode?)document.Body ?? document.DocumentElement;
        var pages = new PageCollector(limits.MaxPages);
        pages.Add(root is null ? string.Empty : Render(root, cancellationToken));
        return pages.Pages;
    }

    private static string Render(INode root, CancellationToken cancellationToken)
    {
        var writer = new HtmlLineWriter();
        // An explicit stack: hostile pages nest deeply and recursion would overflow the thread's stack.
        var stack = new Stack<(INode Node, bool Leaving)>();
        stack.Push((root, false));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (node, leaving) = stack.Pop();
            if (node is IText text)
            {
                writer.Text(text.Data);
                continue;
            }

            if (node is not IElement element)
            {
                continue;
            }

            var name = element.LocalName;
            if (leaving)
            {
                Leave(writer, name);
                continue;
            }

            if (Hidden.Contains(name))
            {
                continue;
            }

            if (HeadingLevel(name) is { } level)
            {
                writer.Heading(level, VisibleText(element));
                continue;
            }

            Enter(writer, name);
            stack.Push((element, true));
            for (var child = element.LastChild; child is not null; child = child.PreviousSibling)
            {
                stack.Push((child, false));
            }
        }

        return writer.ToString();
    }

    private static void Enter(HtmlLineWriter writer, string name)
    {
        if (name.Equals("br", StringComparison.OrdinalIgnoreCase))
        {
            writer.LineBreak();
        }
        else if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
        {
            writer.EndBlock();
            writer.Preformatted++;
        }
        else if (name.Equals("li", StringComparison.OrdinalIgnoreCase))
        {
            writer.EndBlock();
            writer.LinePrefix = "- ";
        }
        else if (Blocks.Contains(name))
        {
            writer.EndBlock(BlankLineAfter(name));
        }
    }

    private static void Leave(HtmlLineWriter writer, string name)
    {
        if (name.Equals("pre", StringComparison.OrdinalIgnoreCase))
        {
            writer.Preformatted--;
            writer.EndBlock();
        }
        else if (name.Equals("td", StringComparison.OrdinalIgnoreCase) || name.Equals("th", StringComparison.OrdinalIgnoreCase))
        {
            writer.CellBreak();
        }
        else if (Blocks.Contains(name))
        {
            writer.EndBlock(BlankLineAfter(name));
        }
    }

    /// <summary>Paragraph-like blocks are set apart by a blank line, as in Markdown; rows and list items are not.</summary>
    private static bool BlankLineAfter(string name) =>
        !(name.Equals("li", StringComparison.OrdinalIgnoreCase) || name.Equals("tr", StringComparison.OrdinalIgnoreCase)
          || name.Equals("dt", StringComparison.OrdinalIgnoreCase) || name.Equals("dd", StringComparison.OrdinalIgnoreCase));

    private static int? HeadingLevel(string name) =>
        name.Length == 2 && (name[0] is 'h' or 'H') && name[1] is >= '1' and <= '6' ? name[1] - '0' : null;

    private static string VisibleText(IElement element)
    {
        var parts = new List<string>();
        var stack = new Stack<INode>();
        stack.Push(element);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            if (node is IText text)
            {
                parts.Add(text.Data);
            }
            else if (node is IElement child && (ReferenceEquals(child, element) || !Hidden.Contains(child.LocalName)))
            {
                for (var inner = child.LastChild; inner is not null; inner = inner.PreviousSibling)
                {
                    stack.Push(inner);
                }
            }
        }

        return string.Join(' ', string.Concat(parts).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
    }
}
