using System.Text;

namespace Cooperation.Knowledge.Extraction;

/// <summary>Tells text from binary, and HTML and Markdown from plain text, by looking at the first bytes.</summary>
internal static class TextSignature
{
    private const int MarkupWindow = 1024;

    private static ReadOnlySpan<byte> Utf8Mark => [0xEF, 0xBB, 0xBF];

    private static ReadOnlySpan<byte> Utf16LittleEndianMark => [0xFF, 0xFE];

    private static ReadOnlySpan<byte> Utf16BigEndianMark => [0xFE, 0xFF];

    public static string? Recognise(ReadOnlySpan<byte> prefix)
    {
        string text;
        if (prefix.StartsWith(Utf16LittleEndianMark))
        {
            text = DecodeUtf16(prefix[2..], Encoding.Unicode);
        }
        else if (prefix.StartsWith(Utf16BigEndianMark))
        {
            text = DecodeUtf16(prefix[2..], Encoding.BigEndianUnicode);
        }
        else
        {
            var body = prefix.StartsWith(Utf8Mark) ? prefix[3..] : prefix;
            if (ContainsBinaryBytes(body))
            {
                return null;
            }

            text = Encoding.UTF8.GetString(body);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return null;
        }

        if (LooksLikeHtml(text))
        {
            return DocumentMediaTypes.Html;
        }

        return LooksLikeMarkdown(text) ? DocumentMediaTypes.Markdown : DocumentMediaTypes.PlainText;
    }

    /// <summary>The bytes the WHATWG sniffing standard calls binary: C0 controls other than whitespace and ESC.</summary>
    public static bool ContainsBinaryBytes(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is <= 0x08 or 0x0B or (>= 0x0E and <= 0x1A) or (>= 0x1C and <= 0x1F))
            {
                return true;
            }
        }

        return false;
    }

    private static string DecodeUtf16(ReadOnlySpan<byte> bytes, Encoding encoding) =>
        encoding.GetString(bytes[..(bytes.Length & ~1)]);

    private static bool LooksLikeHtml(string text)
    {
        var start = text.AsSpan(0, Math.Min(text.Length, MarkupWindow)).TrimStart();
        // Leading comments and an XML declaration (XHTML) may come before the document element.
        while (start.StartsWith("<!--", StringComparison.Ordinal) || start.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase))
        {
            var close = start.StartsWith("<!--", StringComparison.Ordinal) ? start.IndexOf("-->", StringComparison.Ordinal) + 3 : start.IndexOf("?>", StringComparison.Ordinal) + 2;
            if (close < 3)
            {
                return false;
            }

            start = start[close..].TrimStart();
        }

        return start.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<head", StringComparison.OrdinalIgnoreCase)
            || start.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
    }

    private static bool LooksLikeMarkdown(string text)
    {
        var cues = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.StartsWith("```", StringComparison.Ordinal) || IsAtxHeading(line))
            {
                return true;
            }

            if (line.StartsWith("- ", StringComparison.Ordinal) || line.StartsWith("* ", StringComparison.Ordinal)
                || line.StartsWith("> ", StringComparison.Ordinal) || line.Contains("](", StringComparison.Ordinal)
                || line.Contains("**", StringComparison.Ordinal) || (line.Length >= 3 && line.All(c => c == '=')))
            {
                cues++;
            }
        }

        return cues >= 2;
    }

    private static bool IsAtxHeading(string line)
    {
        var hashes = 0;
        while (hashes < line.Length && line[hashes] == '#')
        {
            hashes++;
        }

        return hashes is >= 1 and <= 6 && hashes < line.Length && line[hashes] == ' ';
    }
}
