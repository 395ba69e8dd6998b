using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// The terms of one search, each looked up once in every segment of one reader. A question's plan holds every
/// wording of every concept in every language, most of which a given library never uses; building the query
/// weighs each wording by its rarity, the reranker weighs each unit, and Lucene would otherwise seek each term
/// again when it builds its weights. Seeking the term dictionary allocates per lookup, and that garbage (most of
/// a search's) is what made searches wait for the collector. Here one term enumerator per segment and field
/// serves every term, and the per-segment states found are handed to the query (<see cref="Lucene.Net.Search.TermQuery"/>
/// takes them), so that a term is sought once and a term found nowhere is left out of the query altogether.
/// </summary>
internal sealed class TermLookup(IndexReader reader)
{
    private readonly Dictionary<(string Field, string Text), TermContext> _terms = [];
    private readonly Dictionary<(int Segment, string Field), TermsEnum?> _enumerators = [];
    private readonly Dictionary<string, int> _documentCounts = new(StringComparer.Ordinal);

    public int MaxDoc => reader.MaxDoc;

    /// <summary>Where the term is, segment by segment; valid for searches over this reader only.</summary>
    public TermContext Find(string field, string text)
    {
        if (_terms.TryGetValue((field, text), out var found))
        {
            return found;
        }

        var context = new TermContext(reader.Context);
        var bytes = new BytesRef(text);
        foreach (var segment in reader.Leaves)
        {
            var enumerator = Enumerator(segment, field);
            if (enumerator is not null && enumerator.SeekExact(bytes))
            {
                // The state is a copy, so the enumerator can move on to the next term.
                context.Register(enumerator.GetTermState(), segment.Ord, enumerator.DocFreq, enumerator.TotalTermFreq);
            }
        }

        _terms[(field, text)] = context;
        return context;
    }

    public int DocFreq(string field, string text) => Find(field, text).DocFreq;

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

    private TermsEnum? Enumerator(AtomicReaderContext segment, string field)
    {
        if (!_enumerators.TryGetValue((segment.Ord, field), out var enumerator))
        {
            enumerator = segment.AtomicReader.GetTerms(field)?.GetEnumerator();
            _enumerators[(segment.Ord, field)] = enumerator;
        }

        return enumerator;
    }
}
