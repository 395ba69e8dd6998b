using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>One statement of a generated answer, the passage it cites and the words it quotes from it.</summary>
internal sealed record GeneratedClaim(string Text, int Passage, string Quote);

/// <summary>
/// Reads the model's reply as it streams in. The reply is a sequence of blocks
/// <c>CLAIM: …</c> / <c>PASSAGE: n</c> / <c>QUOTE: …</c>, or the line <c>NO ANSWER</c>; a claim is
/// complete once its quote line has ended. Decorations models like to add (bullets, bold, quote marks
/// around the quote) are tolerated; anything else outside a block is ignored.
/// </summary>
internal sealed partial class ClaimReader
{
    private readonly StringBuilder _pending = new();
    private readonly StringBuilder _claimText = new();
    private int? _passage;
    private bool _inClaim;

    /// <summary>The model said the passages do not answer the question.</summary>
    public bool SawNoAnswer { get; private set; }

    /// <summary>Blocks that started but never got a passage number or a quote.</summary>
    public int IncompleteClaims { get; private set; }

    /// <summary>Feeds more of the reply; returns the claims completed by it.</summary>
    public IReadOnlyList<GeneratedClaim> Append(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var completed = new List<GeneratedClaim>();
        _pending.Append(text);
        while (true)
        {
            var newline = IndexOfNewline(_pending);
            if (newline < 0)
            {
                break;
            }

            var line = _pending.ToString(0, newline);
            _pending.Remove(0, newline + 1);
            ReadLine(line, completed);
        }

        return completed;
    }

    /// <summary>Ends the reply: reads its last line and counts an unfinished block.</summary>
    public IReadOnlyList<GeneratedClaim> Complete()
    {
        var completed = new List<GeneratedClaim>();
        if (_pending.Length > 0)
        {
            ReadLine(_pending.ToString(), completed);
            _pending.Clear();
        }

        if (_inClaim)
        {
            IncompleteClaims++;
            ResetBlock();
        }

        return completed;
    }

    private void ReadLine(string raw, List<GeneratedClaim> completed)
    {
        var line = raw.Trim().TrimStart('-', '*', '•', '#', '>', ' ').Trim();
        if (line.Length == 0)
        {
            return;
        }

        var tagged = TaggedLine().Match(line);
        if (!tagged.Success)
        {
            if (NoAnswerLine().IsMatch(line))
            {
                SawNoAnswer = true;
            }
            else if (_inClaim && _passage is null)
            {
                // A claim sentence the model wrapped onto a second line.
                _claimText.Append(' ').Append(line);
            }

            return;
        }

        var value = tagged.Groups["value"].Value.Trim().TrimEnd('*').Trim();
        switch (tagged.Groups["tag"].Value.ToUpperInvariant())
        {
            case "CLAIM":
                if (_inClaim)
                {
                    IncompleteClaims++;
                }

                ResetBlock();
                _inClaim = true;
                _claimText.Append(value);
                break;
            case "PASSAGE" or "SOURCE":
                var number = FirstNumber().Match(value);
                if (_inClaim && number.Success && int.TryParse(number.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var passage))
                {
                    _passage = passage;
                }

                break;
            default:
                if (_inClaim && _passage is { } cited)
                {
                    var claim = CitationMarker().Replace(_claimText.ToString(), string.Empty).Trim();
                    var quote = Unquote(value);
                    if (claim.Length > 0 && quote.Length > 0)
                    {
                        completed.Add(new GeneratedClaim(claim, cited, quote));
                        ResetBlock();
                        return;
                    }
                }

                if (_inClaim)
                {
                    IncompleteClaims++;
                }

                ResetBlock();
                break;
        }
    }

    private void ResetBlock()
    {
        _inClaim = false;
        _passage = null;
        _claimText.Clear();
    }

    private static string Unquote(string value)
    {
        var text = value.Trim();
        (char Open, char Close)[] pairs = [('"', '"'), ('\u201C', '\u201D'), ('\u00AB', '\u00BB'), ('\u300C', '\u300D'), ('\u300E', '\u300F'), ('\'', '\''), ('\u2018', '\u2019'), ('\u201E', '\u201C')];
        foreach (var (open, close) in pairs)
        {
            if (text.Length >= 2 && text[0] == open && text[^1] == close)
            {
                return text[1..^1].Trim();
            }
        }

        return text;
    }

    private static int IndexOfNewline(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                return i;
            }
        }

        return -1;
    }

    [GeneratedRegex(@"^\**\s*(?<tag>CLAIM|PASSAGE|SOURCE|QUOTE)\s*\**\s*[:：]\s*\**(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TaggedLine();

    [GeneratedRegex(@"^\**\s*NO[ _-]?ANSWER\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NoAnswerLine();

    [GeneratedRegex(@"\d+", RegexOptions.CultureInvariant)]
    private static partial Regex FirstNumber();

    [GeneratedRegex(@"\s*\[\d+(?:\s*,\s*\d+)*\]", RegexOptions.CultureInvariant)]
    private static partial Regex CitationMarker();
}
