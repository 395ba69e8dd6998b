namespace Cooperation.Knowledge.Search;

/// <summary>
/// The most recently read texts, analysed. Reranking and weighing evidence read the same passages again for every
/// question (the best passages of a collection come back for many questions), and analysing a passage in two or
/// three analyzers costs more than everything else the reranker does with it. The analysis depends only on the
/// text, its language and the analyzers, so a cached one is never stale, whatever the index does.
/// </summary>
/// <remarks>
/// Bounded by the number of texts, least recently used first out: an analysed passage of about 1,500 characters
/// is estimated at some tens of kilobytes (its terms in up to three analyses and their positions),
/// so the default bound should keep the cache to a few tens of megabytes.
/// </remarks>
internal sealed class AnalysedTextCache(int capacity)
{
    /// <summary>About the passages of a few hundred questions' first results.</summary>
    public const int DefaultCapacity = 1024;

    private readonly object _lock = new();
    private readonly Dictionary<Key, LinkedListNode<(Key Key, UnitMatcher.ReadText Read)>> _entries = [];
    private readonly LinkedList<(Key Key, UnitMatcher.ReadText Read)> _recency = new();

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public UnitMatcher.ReadText GetOrAdd(string text, string language, bool alsoEnglish, Func<UnitMatcher.ReadText> read)
    {
        var key = new Key(text, language, alsoEnglish);
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                return node.Value.Read;
            }
        }

        // Analysed outside the lock: two searches may analyse the same text at once, and either result is right.
        var value = read();
        lock (_lock)
        {
            if (!_entries.ContainsKey(key))
            {
                _entries[key] = _recency.AddFirst((key, value));
                while (_entries.Count > capacity && _recency.Last is { } oldest)
                {
                    _recency.RemoveLast();
                    _entries.Remove(oldest.Value.Key);
                }
            }
        }

        return value;
    }

    private readonly record struct Key(string Text, string Language, bool AlsoEnglish);
}
