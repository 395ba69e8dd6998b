using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Terminology;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Glosses the legal terms of a quote written in another language than the question ("modèles
/// d'utilité" = utility models), so an English reader of a French quote sees what it says.
/// </summary>
public sealed class TermGlossary
{
    private const int MaxTerms = 6;
    private readonly LanguageAnalyzers _analyzers;
    private readonly List<(TermConcept Concept, string Language, string Variant, IReadOnlyList<string> Terms)> _phrases = [];

    public TermGlossary(LanguageAnalyzers analyzers, IpTerminology terminology)
    {
        _analyzers = analyzers;
        foreach (var concept in terminology.Concepts)
        {
            foreach (var (language, variants) in concept.Variants)
            {
                foreach (var variant in variants)
                {
                    // Only multi-word terms: single words are too often ordinary words.
                    var terms = analyzers.Terms(language, variant);
                    if (terms.Count >= 2 || (language == Text.LanguageDetector.Chinese && variant.Length >= 3))
                    {
                        _phrases.Add((concept, language, variant, terms));
                    }
                }
            }
        }
    }

    public string Gloss(IEnumerable<(string Text, string Language)> quotes, string targetLanguage)
    {
        var pieces = new List<string>();
        var seen = new HashSet<int>();
        foreach (var (text, language) in quotes)
        {
            if (language == targetLanguage)
            {
                continue;
            }

            var terms = _analyzers.Terms(language, text);
            foreach (var phrase in _phrases.Where(p => p.Language == language).OrderByDescending(p => p.Terms.Count))
            {
                if (pieces.Count >= MaxTerms || seen.Contains(phrase.Concept.Id) || !ContainsSequence(terms, phrase.Terms)
                    || !phrase.Concept.Variants.TryGetValue(targetLanguage, out var translations))
                {
                    continue;
                }

                seen.Add(phrase.Concept.Id);
                pieces.Add(phrase.Variant + " = " + translations[0]);
            }
        }

        return string.Join("; ", pieces);
    }

    private static bool ContainsSequence(IReadOnlyList<string> terms, IReadOnlyList<string> phrase)
    {
        for (var start = 0; start + phrase.Count <= terms.Count; start++)
        {
            var all = true;
            for (var k = 0; k < phrase.Count && all; k++)
            {
                all = terms[start + k] == phrase[k];
            }

            if (all)
            {
                return true;
            }
        }

        return false;
    }
}
