using Lucene.Net.Index;

namespace Cooperation.Knowledge.Indexing;

/// <summary>
/// Document frequencies read from an index reader once per search. Building a query weighs every wording by its
/// words' rarity and then the reranker weighs every unit, so the same terms are looked up several times, and each
/// lookup seeks the term dictionary of every segment.
/// </summary>
internal sealed class TermFrequencies(IndexReader reader)
{
    private readonly Dictionary<(string Field, string Text), int> _documentFrequencies = [];
    private readonly Dictionary<string, int> _documentCounts = new(StringComparer.Ordinal);

    public int MaxDoc => reader.MaxDoc;

    public int DocFreq(string field, string text)
    {
        if (!_documentFrequencies.TryGetValue((field, text), out var frequency))
        {
            frequency = reader.DocFreq(new Term(field, text));
            _documentFrequencies[(field, text)] = frequency;
        }

        return frequency;
    }

    /// <summary>How many documents have the field at all.</summary>
    public int DocCount(string field)
    {
        if (!_documentCounts.TryGetValue(field, out var count))
        {
            count = reader.GetDocCount(field);
            _documentCounts[field] = count;
        }

        return count;
    }
}
