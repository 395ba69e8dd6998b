using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;

namespace Cooperation.Knowledge.Indexing;

/// <summary>
/// BM25 whose term rarity is measured against the whole index rather than one field. Each language has
/// its own field, and a field holding one short Chinese law would otherwise call its most telling words
/// common; with one yardstick, scores from different languages can be compared and added.
/// </summary>
internal sealed class CrossFieldSimilarity : BM25Similarity
{
    /// <summary>Average length over the passages that have the field, not over the whole index.</summary>
    protected override float AvgFieldLength(CollectionStatistics collectionStats)
    {
        var total = collectionStats.SumTotalTermFreq;
        var documents = collectionStats.DocCount > 0 ? collectionStats.DocCount : collectionStats.MaxDoc;
        return total <= 0 || documents <= 0 ? 1f : (float)((double)total / documents);
    }

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics termStats)
    {
        var documents = collectionStats.MaxDoc;
        var frequency = termStats.DocFreq;
        var idf = Idf(frequency, documents);
        return new Explanation(idf, "idf(docFreq=" + frequency + ", maxDocs=" + documents + ")");
    }

    public override Explanation IdfExplain(CollectionStatistics collectionStats, TermStatistics[] termStats)
    {
        var documents = collectionStats.MaxDoc;
        var explanation = new Explanation { Description = "idf(), sum of:" };
        var total = 0f;
        foreach (var stat in termStats)
        {
            var idf = Idf(stat.DocFreq, documents);
            explanation.AddDetail(new Explanation(idf, "idf(docFreq=" + stat.DocFreq + ", maxDocs=" + documents + ")"));
            total += idf;
        }

        explanation.Value = total;
        return explanation;
    }
}
