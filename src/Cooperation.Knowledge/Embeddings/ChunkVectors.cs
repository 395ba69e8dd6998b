using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Cooperation.Knowledge.Embeddings;

/// <summary>
/// Passage vectors kept as a stored binary field of each chunk's Lucene document, so they are replaced and
/// deleted with it. Searching reads them once per index segment (segments never change once written) and
/// ranks by cosine only the documents the workspace filter lets through.
/// </summary>
internal sealed class ChunkVectors
{
    public const string Field = "vec";

    private static readonly HashSet<string> FieldsToLoad = [Field];

    private readonly ConditionalWeakTable<object, float[]?[]> _segments = [];

    /// <summary>The vector scaled to length 1, as bytes, so a dot product is the cosine.</summary>
    public static byte[] Encode(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var unit = Normalise(vector);
        return MemoryMarshal.AsBytes(unit.AsSpan()).ToArray();
    }

    public static float[] Normalise(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        var length = Math.Sqrt(vector.Sum(v => (double)v * v));
        return length > 0 ? vector.Select(v => (float)(v / length)).ToArray() : (float[])vector.Clone();
    }

    /// <summary>The <paramref name="top"/> passages nearest the question among those <paramref name="filter"/> admits, best first, as global document ids.</summary>
    public List<(int Doc, float Cosine)> Nearest(IndexSearcher searcher, Filter filter, float[] question, int top)
    {
        var unit = Normalise(question);
        var found = new List<(int Doc, float Cosine)>();
        foreach (var leaf in searcher.IndexReader.Leaves)
        {
            var allowed = filter.GetDocIdSet(leaf, leaf.AtomicReader.LiveDocs)?.GetIterator();
            if (allowed is null)
            {
                continue;
            }

            var vectors = _segments.GetValue(leaf.AtomicReader.CoreCacheKey, _ => Load(leaf.AtomicReader));
            for (var doc = allowed.NextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = allowed.NextDoc())
            {
                // Vectors from another model (the provider was changed without reindexing) cannot be compared.
                if (vectors[doc] is { } vector && vector.Length == unit.Length)
                {
                    found.Add((leaf.DocBase + doc, Dot(vector, unit)));
                }
            }
        }

        return found.OrderByDescending(f => f.Cosine).Take(top).ToList();
    }

    /// <summary>
    /// Reciprocal-rank fusion: each list gives a passage 1/(60 + rank); the sum orders the union. Ranks
    /// rather than scores, because BM25 scores and cosines are on unrelated scales.
    /// </summary>
    public static List<(int Doc, float Score)> Fuse(IReadOnlyList<int> bm25, IReadOnlyList<int> nearest)
    {
        const double K = 60;
        var scores = new Dictionary<int, double>();
        foreach (var list in new[] { bm25, nearest })
        {
            for (var rank = 0; rank < list.Count; rank++)
            {
                scores[list[rank]] = scores.GetValueOrDefault(list[rank]) + (1 / (K + rank + 1));
            }
        }

        return scores.OrderByDescending(s => s.Value).Select(s => (s.Key, (float)s.Value)).ToList();
    }

    private static float[]?[] Load(AtomicReader reader)
    {
        var vectors = new float[]?[reader.MaxDoc];
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (reader.Document(doc, FieldsToLoad).GetBinaryValue(Field) is BytesRef bytes && bytes.Length > 0)
            {
                vectors[doc] = MemoryMarshal.Cast<byte, float>(bytes.Bytes.AsSpan(bytes.Offset, bytes.Length)).ToArray();
            }
        }

        return vectors;
    }

    private static float Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}
