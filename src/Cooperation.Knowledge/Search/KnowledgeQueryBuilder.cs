using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Text;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Cooperation.Knowledge.Search;

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

    /// <param name="terms">The reader's terms: a match in a title is worth what the same words are worth in text, and wordings found nowhere are left out.</param>
    public Query? Build(QueryPlan plan, TermLookup terms)
    {
        var query = new BooleanQuery();
        foreach (var unit in plan.Units)
        {
            var unitQuery = UnitQuery(unit, terms);
            unitQuery.Boost = unit.Kind switch
            {
                QueryUnitKind.Reference => 1.5f,
                QueryUnitKind.Number => 0.8f,
                _ => 1f,
            };
            Add(query, unitQuery);
        }

        foreach (var hint in plan.Hints)
        {
            var hintQuery = UnitQuery(hint, terms);
            hintQuery.Boost = HintWeight;
            Add(query, hintQuery);
        }

        return query.Clauses.Count == 0 ? null : query;
    }

    /// <summary>
    /// Adds a unit that can match. One with no wording in the reader is dropped: it adds nothing to any score
    /// (BM25 has no coordination factor), and Lucene would still prepare it in every segment.
    /// </summary>
    private static void Add(BooleanQuery query, DisjunctionMaxQuery unitQuery)
    {
        if (unitQuery.Disjuncts.Count > 0)
        {
            query.Add(unitQuery, Occur.SHOULD);
        }
    }

    /// <summary>
    /// A unit matches a passage when any of its wordings is in the text (scored by BM25) or in the
    /// document title or section heading (a fixed score close to what one occurrence in text earns, since
    /// a title is shared by every passage and would otherwise look worthless).
    /// </summary>
    /// <remarks>
    /// Every wording is weighed by the rarity of the unit as a whole rather than its own:
    /// "International Bureau" is common in English treaties and rare in one French one, and a French
    /// passage must not win only because its wording of a common concept is rare in its language.
    /// Unweighted (for counting matches), only which passages match is of interest.
    /// </remarks>
    public static DisjunctionMaxQuery UnitQuery(QueryUnit unit, TermLookup terms, bool weighted = true)
    {
        var unitIdf = weighted ? UnitIdf(terms, unit) : 0f;
        var disjunction = new DisjunctionMaxQuery(0.1f);
        foreach (var alternative in unit.Alternatives)
        {
            if (AlternativeQuery(alternative, terms) is { } text)
            {
                if (unitIdf > 0 && alternative.Field != IndexFields.LabelText)
                {
                    text.Boost = unitIdf / Math.Max(0.01f, WordingIdf(terms, alternative));
                }

                disjunction.Add(text);
            }

            if (alternative.Field == IndexFields.LabelText)
            {
                continue;
            }

            if (AlternativeQuery(alternative with { Field = IndexFields.ContextFor(alternative.Field) }, terms) is { } context)
            {
                disjunction.Add(new ConstantScoreQuery(context) { Boost = weighted ? ContextWeight * unitIdf : ContextWeight });
            }
        }

        return disjunction;
    }

    /// <summary>
    /// The rarity of a unit over all its wordings. A concept's mentions are indexed under one key, which
    /// counts them exactly. For a word or number, the languages' fields hold disjoint passages, so their
    /// frequencies add up; the language-neutral field holds every passage and bounds the sum from below.
    /// </summary>
    public static float UnitIdf(TermLookup frequencies, QueryUnit unit)
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
    private static float WordingIdf(TermLookup frequencies, UnitAlternative alternative)
    {
        var total = 0f;
        foreach (var term in alternative.Terms)
        {
            total += Idf(frequencies, frequencies.DocFreq(alternative.Field, term));
        }

        return total;
    }

    private static float Idf(TermLookup frequencies, int frequency)
    {
        var documents = Math.Max(1, frequencies.MaxDoc);
        return (float)Math.Log(1 + ((documents - frequency + 0.5) / (frequency + 0.5)));
    }

    /// <summary>The wording as a term or phrase query, or null when one of its words is nowhere in the reader.</summary>
    private static Query? AlternativeQuery(UnitAlternative alternative, TermLookup terms)
    {
        if (alternative.Terms.Count == 0 || alternative.Terms.Any(term => terms.DocFreq(alternative.Field, term) == 0))
        {
            return null;
        }

        if (alternative.Terms.Count == 1)
        {
            return new TermQuery(new Term(alternative.Field, alternative.Terms[0]), terms.Find(alternative.Field, alternative.Terms[0]));
        }

        var phrase = new PhraseQuery { Slop = alternative.Language == LanguageDetector.Chinese ? 1 : 3 };
        foreach (var term in alternative.Terms)
        {
            phrase.Add(new Term(alternative.Field, term));
        }

        return phrase;
    }

    /// <summary>The distinctive words of the names in a question, each with a query that finds it in any wording.</summary>
    public IEnumerable<(string Word, Query Query)> NameWords(QueryPlan plan, TermLookup terms)
    {
        foreach (var name in plan.Names)
        {
            foreach (var word in name.Split([' ', '-', '’', '\''], StringSplitOptions.RemoveEmptyEntries))
            {
                if (GenericNameWords.Contains(word) || word.Length < 2)
                {
                    continue;
                }

                var neutral = TextNormalizer.RemoveDiacritics(word.ToLowerInvariant());
                var disjunction = new DisjunctionMaxQuery(0f)
                {
                    new TermQuery(new Term(IndexFields.NeutralText, neutral), terms.Find(IndexFields.NeutralText, neutral)),
                };
                foreach (var unit in plan.Units.Where(u => u.Source.Split(' ').Contains(word, StringComparer.OrdinalIgnoreCase)))
                {
                    disjunction.Add(UnitQuery(unit, terms, weighted: false));
                }

                yield return (word, disjunction);
            }
        }
    }
}
