using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Cooperation.Knowledge.Indexing;

/// <summary>
/// Turns a query plan into Lucene: each unit is a disjunction over its wordings in every language (so a
/// concept counts once however many translations match), and the units add up.
/// </summary>
internal sealed class KnowledgeQueryBuilder
{
    /// <summary>Generic words of names ("Convention", "Office") that say nothing on their own.</summary>
    private static readonly HashSet<string> GenericNameWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "convention", "treaty", "agreement", "act", "law", "laws", "code", "office", "offices", "organization", "organisation", "union",
        "regulations", "regulation", "rules", "rule", "article", "articles", "statement", "declaration", "protocol", "court", "courts",
        "the", "of", "and", "for", "on", "de", "du", "des", "national", "international", "general", "state", "states", "council", "committee",
        "patent", "patents", "trademark", "trademarks", "copyright", "property", "intellectual", "industrial", "ip", "under", "what", "how",
    };

    private const float ContextWeight = 0.8f;

    /// <summary>What an implied concept counts for next to one the question names.</summary>
    private const float HintWeight = 0.5f;

    /// <param name="frequencies">Supplies term statistics, so a match in a title is worth what the same words are worth in text.</param>
    public Query? Build(QueryPlan plan, TermFrequencies? frequencies = null)
    {
        if (plan.Units.Count == 0)
        {
            return null;
        }

        var query = new BooleanQuery();
        foreach (var unit in plan.Units)
        {
            var unitQuery = UnitQuery(unit, frequencies);
            unitQuery.Boost = unit.Kind switch
            {
                QueryUnitKind.Reference => 1.5f,
                QueryUnitKind.Number => 0.8f,
                _ => 1f,
            };
            query.Add(unitQuery, Occur.SHOULD);
        }

        foreach (var hint in plan.Hints)
        {
            var hintQuery = UnitQuery(hint, frequencies);
            hintQuery.Boost = HintWeight;
            query.Add(hintQuery, Occur.SHOULD);
        }

        return query;
    }

    /// <summary>
    /// A unit matches a passage when any of its wordings is in the text (scored by BM25) or in the
    /// document title or section heading (a fixed score close to what one occurrence in text earns, since
    /// a title is shared by every passage and would otherwise look worthless).
    /// </summary>
    /// <remarks>
    /// With a reader, every wording is weighed by the rarity of the unit as a whole rather than its own:
    /// "International Bureau" is common in English treaties and rare in one French one, and a French
    /// passage must not win only because its wording of a common concept is rare in its language.
    /// </remarks>
    public static Query UnitQuery(QueryUnit unit, TermFrequencies? frequencies = null)
    {
        var unitIdf = frequencies is null ? 0f : UnitIdf(frequencies, unit);
        var disjunction = new DisjunctionMaxQuery(0.1f);
        foreach (var alternative in unit.Alternatives)
        {
            var text = AlternativeQuery(alternative);
            if (frequencies is not null && unitIdf > 0 && alternative.Field != IndexFields.LabelText)
            {
                text.Boost = unitIdf / Math.Max(0.01f, WordingIdf(frequencies, alternative));
            }

            disjunction.Add(text);
            if (alternative.Field == IndexFields.LabelText)
            {
                continue;
            }

            var context = new ConstantScoreQuery(AlternativeQuery(alternative with { Field = IndexFields.ContextFor(alternative.Field) }))
            {
                Boost = frequencies is null ? ContextWeight : ContextWeight * unitIdf,
            };
            disjunction.Add(context);
        }

        return disjunction;
    }

    /// <summary>
    /// The rarity of a unit over all its wordings. A concept's mentions are indexed under one key, which
    /// counts them exactly. For a word or number, the languages' fields hold disjoint passages, so their
    /// frequencies add up; the language-neutral field holds every passage and bounds the sum from below.
    /// </summary>
    public static float UnitIdf(TermFrequencies frequencies, QueryUnit unit)
    {
        if (unit.ConceptKey is not null && frequencies.DocCount(IndexFields.Concepts) > 0)
        {
            return Idf(frequencies, frequencies.DocFreq(IndexFields.Concepts, unit.ConceptKey));
        }

        var neutral = 0;
        var languages = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var alternative in unit.Alternatives)
        {
            if (alternative.Field == IndexFields.LabelText)
            {
                continue;
            }

            // A passage holds a phrase at most as often as its rarest word.
            var wording = alternative.Terms.Count == 0 ? 0 : alternative.Terms.Min(term => frequencies.DocFreq(alternative.Field, term));
            if (alternative.Field == IndexFields.NeutralText)
            {
                neutral = Math.Max(neutral, wording);
            }
            else
            {
                languages[alternative.Field] = Math.Max(languages.GetValueOrDefault(alternative.Field), wording);
            }
        }

        return Idf(frequencies, Math.Min(frequencies.MaxDoc, Math.Max(neutral, languages.Values.Sum())));
    }

    /// <summary>The weight BM25 gives a wording by itself: the sum of its words' rarities, as for a phrase.</summary>
    private static float WordingIdf(TermFrequencies frequencies, UnitAlternative alternative)
    {
        var total = 0f;
        foreach (var term in alternative.Terms)
        {
            total += Idf(frequencies, frequencies.DocFreq(alternative.Field, term));
        }

        return total;
    }

    private static float Idf(TermFrequencies frequencies, int frequency)
    {
        var documents = Math.Max(1, frequencies.MaxDoc);
        return (float)Math.Log(1 + ((documents - frequency + 0.5) / (frequency + 0.5)));
    }

    private static Query AlternativeQuery(UnitAlternative alternative)
    {
        if (alternative.Terms.Count == 1)
        {
            return new TermQuery(new Term(alternative.Field, alternative.Terms[0]));
        }

        var phrase = new PhraseQuery { Slop = alternative.Language == LanguageDetector.Chinese ? 1 : 3 };
        foreach (var term in alternative.Terms)
        {
            phrase.Add(new Term(alternative.Field, term));
        }

        return phrase;
    }

    /// <summary>The distinctive words of the names in a question, each with a query that finds it in any wording.</summary>
    public IEnumerable<(string Word, Query Query)> NameWords(QueryPlan plan)
    {
        foreach (var name in plan.Names)
        {
            foreach (var word in name.Split([' ', '-', '’', '\''], StringSplitOptions.RemoveEmptyEntries))
            {
                if (GenericNameWords.Contains(word) || word.Length < 2)
                {
                    continue;
                }

                var disjunction = new DisjunctionMaxQuery(0f)
                {
                    new TermQuery(new Term(IndexFields.NeutralText, TextNormalizer.RemoveDiacritics(word.ToLowerInvariant()))),
                };
                foreach (var unit in plan.Units.Where(u => u.Source.Split(' ').Contains(word, StringComparer.OrdinalIgnoreCase)))
                {
                    disjunction.Add(UnitQuery(unit));
                }

                yield return (word, disjunction);
            }
        }
    }
}
