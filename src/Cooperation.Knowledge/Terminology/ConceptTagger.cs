using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Terminology;

/// <summary>
/// Finds the glossary concepts a text mentions, in the text's own language, by the same analysed word
/// sequences the query side uses. Indexing each passage's concepts gives one statistic per concept
/// whatever its wording, so "International Bureau" and "Bureau international" are equally rare.
/// </summary>
internal sealed class ConceptTagger
{
    private readonly LanguageAnalyzers _analyzers;
    private readonly Dictionary<string, List<(string Key, IReadOnlyList<string> Terms)>> _byFirstTerm = new(StringComparer.Ordinal);
    private readonly List<(string Key, IReadOnlyList<string> Variants)> _chinese = [];

    public ConceptTagger(LanguageAnalyzers analyzers, IpTerminology terminology)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(terminology);
        _analyzers = analyzers;
        foreach (var concept in terminology.Concepts)
        {
            var key = Key(concept);
            if (concept.Variants.TryGetValue(LanguageDetector.Chinese, out var chinese))
            {
                _chinese.Add((key, chinese));
            }

            foreach (var (language, variants) in concept.Variants)
            {
                foreach (var variant in variants)
                {
                    var terms = analyzers.Terms(language, variant);
                    if (terms.Count == 0 || language == LanguageDetector.Chinese)
                    {
                        continue;
                    }

                    var first = language + ":" + terms[0];
                    if (!_byFirstTerm.TryGetValue(first, out var list))
                    {
                        _byFirstTerm[first] = list = [];
                    }

                    if (!list.Any(e => e.Key == key && e.Terms.SequenceEqual(terms)))
                    {
                        list.Add((key, terms));
                    }
                }
            }
        }
    }

    /// <summary>
    /// The stable token a concept is indexed under: its first English wording, so that editing other
    /// lines of the glossary does not shift it.
    /// </summary>
    public static string Key(TermConcept concept)
    {
        ArgumentNullException.ThrowIfNull(concept);
        var name = concept.Variants.TryGetValue(LanguageDetector.English, out var english) ? english[0] : concept.Variants.Values.First()[0];
        return "c_" + string.Join('_', name.ToLowerInvariant().Split([' ', '\t', '\u00A0'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>One key per mention, so a concept named twice counts twice.</summary>
    public IReadOnlyList<string> Tag(string language, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (language == LanguageDetector.Chinese)
        {
            return TagChinese(text);
        }

        var terms = _analyzers.Terms(language, text);
        var found = new List<string>();
        for (var start = 0; start < terms.Count; start++)
        {
            if (!_byFirstTerm.TryGetValue(language + ":" + terms[start], out var candidates))
            {
                continue;
            }

            // A concept counts once at a position even if several of its wordings start there.
            var here = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (key, sequence) in candidates)
            {
                if (start + sequence.Count <= terms.Count && Matches(terms, start, sequence) && here.Add(key))
                {
                    found.Add(key);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// Chinese wordings are found as they are written, as the query side finds them in a question: word
    /// segmentation of a term alone and inside a sentence do not always agree.
    /// </summary>
    private List<string> TagChinese(string text)
    {
        var found = new List<string>();
        var positions = new HashSet<int>();
        foreach (var (key, variants) in _chinese)
        {
            positions.Clear();
            foreach (var variant in variants)
            {
                for (var index = text.IndexOf(variant, StringComparison.Ordinal); index >= 0; index = text.IndexOf(variant, index + 1, StringComparison.Ordinal))
                {
                    positions.Add(index);
                }
            }

            for (var i = 0; i < positions.Count; i++)
            {
                found.Add(key);
            }
        }

        return found;
    }

    private static bool Matches(IReadOnlyList<string> terms, int start, IReadOnlyList<string> sequence)
    {
        for (var k = 0; k < sequence.Count; k++)
        {
            if (terms[start + k] != sequence[k])
            {
                return false;
            }
        }

        return true;
    }
}
