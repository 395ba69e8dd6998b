using System.Text;
using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>
/// The passages the model has been shown for one question, numbered as it must cite them. Only passages
/// the search returned for the asker's workspaces ever get a number, so only they can be cited.
/// </summary>
internal sealed class NumberedPassages
{
    private readonly List<KnowledgeHit> _passages = [];
    private readonly Lock _lock = new();

    public NumberedPassages(IEnumerable<KnowledgeHit> initial)
    {
        ArgumentNullException.ThrowIfNull(initial);
        foreach (var passage in initial)
        {
            Add(passage);
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _passages.Count;
            }
        }
    }

    /// <summary>Numbers a passage (from 1), or returns the number it already has.</summary>
    public int Add(KnowledgeHit passage)
    {
        ArgumentNullException.ThrowIfNull(passage);
        lock (_lock)
        {
            var existing = _passages.FindIndex(p => p.DocumentId == passage.DocumentId && p.Version == passage.Version && p.Text == passage.Text);
            if (existing >= 0)
            {
                return existing + 1;
            }

            _passages.Add(passage);
            return _passages.Count;
        }
    }

    public KnowledgeHit? Get(int number)
    {
        lock (_lock)
        {
            return number >= 1 && number <= _passages.Count ? _passages[number - 1] : null;
        }
    }

    /// <summary>Writes one passage the way the prompt and the search function show it: number, source, then the text fenced off.</summary>
    public static void Describe(StringBuilder into, int number, KnowledgeHit passage)
    {
        ArgumentNullException.ThrowIfNull(into);
        ArgumentNullException.ThrowIfNull(passage);
        into.Append('[').Append(number).Append("] ").Append(passage.Title).Append(" — ").Append(passage.Section);
        if (passage.Page is { } page)
        {
            into.Append(", page ").Append(page);
        }

        into.Append(" (language: ").Append(passage.Language).Append(")\n")
            .Append("<passage>\n").Append(passage.Text.Trim()).Append("\n</passage>\n\n");
    }
}
