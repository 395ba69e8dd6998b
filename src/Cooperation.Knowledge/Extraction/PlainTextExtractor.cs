using System.Text;

namespace Cooperation.Knowledge.Extraction;

/// <summary>
/// Plain text and Markdown: UTF-8 unless a byte order mark says otherwise; bytes that are not valid
/// UTF-8 become U+FFFD. A form feed starts a new page, as in text exported from paged documents.
/// </summary>
internal class PlainTextExtractor : IFormatTextExtractor
{
    private const char FormFeed = '\f';

    public virtual IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.PlainText];

    public bool NeedsSeekableContent => false;

    public string DamagedReason => "The text file could not be read.";

    public async Task<IReadOnlyList<ExtractedPage>> ExtractAsync(Stream content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        var budget = new DecompressionBudget(limits.MaxDecompressedBytes, cancellationToken);
        await using var source = budget.Watch(content, leaveOpen: true);
        using var reader = new StreamReader(source, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024);
        var pages = new PageCollector(limits.MaxPages);
        var page = new StringBuilder();
        var buffer = new char[16 * 1024];
        int read;
        while ((read = await reader.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var chunk = buffer.AsSpan(0, read);
            int formFeed;
            while ((formFeed = chunk.IndexOf(FormFeed)) >= 0)
            {
                page.Append(chunk[..formFeed]);
                pages.Add(Shape(page.ToString()));
                page.Clear();
                chunk = chunk[(formFeed + 1)..];
            }

            page.Append(chunk);
        }

        pages.Add(Shape(page.ToString()));
        return pages.Pages;
    }

    /// <summary>A hook for formats that are text with conventions of their own.</summary>
    protected virtual string Shape(string page) => page;
}

/// <summary>Markdown keeps its "#" headings; underlined (setext) headings are rewritten as "#" lines so they read the same.</summary>
internal sealed class MarkdownTextExtractor : PlainTextExtractor
{
    public override IReadOnlyCollection<string> MediaTypes { get; } = [DocumentMediaTypes.Markdown];

    protected override string Shape(string page)
    {
        var lines = page.ReplaceLineEndings("\n").Split('\n');
        var output = new List<string>(lines.Length);
        var inFence = false;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
            }

            if (inFence)
            {
                output.Add(lines[i]);
                continue;
            }

            var next = i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty;
            var level = next.Length >= 2 && next.All(c => c == '=') ? 1 : next.Length >= 2 && next.All(c => c == '-') ? 2 : 0;
            if (level > 0 && !string.IsNullOrWhiteSpace(lines[i]) && !IsSpecial(lines[i]))
            {
                output.Add($"{new string('#', level)} {lines[i].Trim()}");
                i++;
                continue;
            }

            output.Add(lines[i]);
        }

        return string.Join('\n', output);
    }

    private static bool IsSpecial(string line)
    {
        var trimmed = line.TrimStart();
        return trimmed.StartsWith('#') || trimmed.StartsWith('-') || trimmed.StartsWith('>') || trimmed.StartsWith('|') || trimmed.StartsWith("```", StringComparison.Ordinal);
    }
}
