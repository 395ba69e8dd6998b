namespace Cooperation.Knowledge.Chunking;

/// <summary>
/// Rules texts kept as Markdown open with a title, a small metadata table and a <c>---</c> rule. The
/// table describes the file rather than the law, so it is left out of the searchable text.
/// </summary>
internal static class MarkdownHeader
{
    private const int MaxHeaderLines = 80;

    /// <summary>The text without its metadata table, and the document's own title line if it has one.</summary>
    public static (string Body, string? Title) Strip(string text)
    {
        var lines = text.Split('\n');
        var sawTable = false;
        string? title = null;
        for (var i = 0; i < lines.Length && i < MaxHeaderLines; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('#'))
            {
                title ??= line.TrimStart('#').Trim();
                continue;
            }

            if (line.StartsWith('|'))
            {
                sawTable = true;
                continue;
            }

            if (line is "---" or "***" or "___" && sawTable)
            {
                return (string.Join('\n', lines.Skip(i + 1)), title);
            }

            return (text, null);
        }

        return (text, null);
    }
}
