using System.Globalization;
using System.Text;

namespace Cooperation.Knowledge.Extraction;

/// <summary>Numbers pages from 1, tidies their text and refuses a document with more pages than allowed.</summary>
internal sealed class PageCollector(int maxPages, string unit = "pages")
{
    private readonly List<ExtractedPage> _pages = [];

    public int Count => _pages.Count;

    public void Add(string text)
    {
        if (_pages.Count >= maxPages)
        {
            throw TooMany(maxPages, unit);
        }

        _pages.Add(new ExtractedPage(_pages.Count + 1, Tidy(text)));
    }

    public IReadOnlyList<ExtractedPage> Pages => _pages;

    public static ExtractionFailedException TooMany(int maxPages, string unit, long? actual = null) => new(actual is { } count
        ? string.Create(CultureInfo.InvariantCulture, $"The document has {count:N0} {unit}, more than the {maxPages:N0} that can be read.")
        : string.Create(CultureInfo.InvariantCulture, $"The document has more than the {maxPages:N0} {unit} that can be read."));

    /// <summary>
    /// One line ending (\n), no trailing spaces, no control characters, at most one blank line in a row,
    /// no blank lines at either end: the shape the chunker expects from every format.
    /// </summary>
    public static string Tidy(string text)
    {
        var result = new StringBuilder(text.Length);
        var line = new StringBuilder();
        var blankLines = 0;
        var index = 0;
        while (index <= text.Length)
        {
            var c = index < text.Length ? text[index] : '\n';
            index++;
            if (c == '\r')
            {
                if (index < text.Length && text[index] == '\n')
                {
                    index++;
                }

                c = '\n';
            }

            if (c != '\n')
            {
                if (c == '\t' || !char.IsControl(c))
                {
                    line.Append(c);
                }

                continue;
            }

            var end = line.Length;
            while (end > 0 && char.IsWhiteSpace(line[end - 1]))
            {
                end--;
            }

            if (end == 0)
            {
                blankLines++;
            }
            else
            {
                if (result.Length > 0)
                {
                    result.Append(blankLines > 0 ? "\n\n" : "\n");
                }

                result.Append(line, 0, end);
                blankLines = 0;
            }

            line.Clear();
        }

        return result.ToString();
    }
}
