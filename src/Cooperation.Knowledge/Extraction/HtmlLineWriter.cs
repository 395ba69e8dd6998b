using System.Text;

namespace Cooperation.Knowledge.Extraction;

/// <summary>Collapses HTML whitespace the way a browser does and breaks lines at block boundaries.</summary>
internal sealed class HtmlLineWriter
{
    private readonly StringBuilder _text = new();
    private bool _atLineStart = true;
    private bool _pendingSpace;

    /// <summary>Inside &lt;pre&gt;, where whitespace is kept as written.</summary>
    public int Preformatted { get; set; }

    /// <summary>Written before the first word of the current line ("- " for a list item).</summary>
    public string? LinePrefix { get; set; }

    public void Text(string data)
    {
        if (Preformatted > 0)
        {
            WritePrefix();
            _text.Append(data);
            _atLineStart = data.EndsWith('\n');
            return;
        }

        foreach (var c in data)
        {
            if (char.IsWhiteSpace(c))
            {
                _pendingSpace = !_atLineStart;
                continue;
            }

            if (_pendingSpace)
            {
                _text.Append(' ');
                _pendingSpace = false;
            }

            WritePrefix();
            _text.Append(c);
            _atLineStart = false;
        }
    }

    public void Heading(int level, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        EndBlock();
        _text.Append('\n').Append('#', level).Append(' ').Append(text).Append("\n\n");
    }

    public void LineBreak()
    {
        _text.Append('\n');
        _atLineStart = true;
        _pendingSpace = false;
    }

    public void CellBreak()
    {
        if (!_atLineStart)
        {
            _text.Append('\t');
            _pendingSpace = false;
        }
    }

    public void EndBlock(bool blankLine = false)
    {
        if (!_atLineStart)
        {
            _text.Append(blankLine ? "\n\n" : "\n");
        }

        _atLineStart = true;
        _pendingSpace = false;
        LinePrefix = null;
    }

    public override string ToString() => _text.ToString();

    private void WritePrefix()
    {
        if (_atLineStart && LinePrefix is not null)
        {
            _text.Append(LinePrefix);
            LinePrefix = null;
        }
    }
}
