using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Terminology;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Glosses the legal terms of a quote written in another language than the question ("modèles
/// d'utilité = utility model"), in the order the quote uses them, so an English reader of a French quote
/// sees what it says.
/// </summary>
internal sealed class TermGlossary
{
    private const int MaxTerms = 12;

    private readonly LanguageAnalyzers _analyzers;
    private readonly Dictionary<string, List<(TermConcept Concept, string Variant, IReadOnlyList<string> Terms)>> _byFirstTerm = new(StringComparer.Ordinal);

    public TermGlossary(LanguageAnalyzers analyzers, IpTerminology terminology)
    {
        ArgumentNullException.ThrowIfNull(analyzers);
        ArgumentNullException.ThrowIfNull(terminology);
        _analyzers = analyzers;
        foreach (var concept in terminology.Concepts)
        {
            foreach (var (language, variants) in concept.Variants)
            {
                foreach (var variant in variants)
                {
                    // Only terms of several words: single words are too often ordinary words ("pays", "objet").
                    var terms = analyzers.Terms(language, variant);
                    var worthIt = language == Text.LanguageDetector.Chinese ? variant.Length >= 3 : terms.Count >= 2;
                    if (!worthIt)
                    {
                        continue;
                    }

                    var key = language + ":" + terms[0];
                    if (!_byFirstTerm.TryGetValue(key, out var list))
                    {
                        _byFirstTerm[key] = list = [];
                    }

                    list.Add((concept, variant, terms));
                }
            }
        }

        foreach (var list in _byFirstTerm.Values)
        {
            list.Sort((a, b) => b.Terms.Count.CompareTo(a.Terms.Count));
        }
    }

    public string Gloss(IEnumerable<(string Text, string Language)> quotes, string targetLanguage)
    {
        ArgumentNullException.ThrowIfNull(quotes);
        var pieces = new List<string>();
        var seen = new HashSet<int>();
        foreach (var (text, language) in quotes)
        {
            if (language == targetLanguage)
            {
                continue;
            }

            var terms = _analyzers.Terms(language, text);
            for (var start = 0; start < terms.Count && pieces.Count < MaxTerms; start++)
            {
                if (!_byFirstTerm.TryGetValue(language + ":" + terms[start], out var candidates))
                {
                    continue;
                }

                // The longest wording that starts here wins, and the words it spans are not glossed again.
                foreach (var (concept, variant, phrase) in candidates)
                {
                    if (!StartsAt(terms, start, phrase) || !concept.Variants.TryGetValue(targetLanguage, out var translations))
                    {
                        continue;
                    }

                    if (seen.Add(concept.Id))
                    {
                        pieces.Add(variant + " = " + translations[0]);
                    }

                    start += phrase.Count - 1;
                    break;
                }
            }
        }

        return string.Join("; ", pieces);
    }

    private static bool StartsAt(IReadOnlyList<string> terms, int start, IReadOnlyList<string> phrase)
    {
        if (start + phrase.Count > terms.Count)
        {
            return false;
        }

        for (var k = 0; k < phrase.Count; k++)
        {
            if (terms[start + k] != phrase[k])
            {
                return false;
            }
        }

        return true;
    }
}
