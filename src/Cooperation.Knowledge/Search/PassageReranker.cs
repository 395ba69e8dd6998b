using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search;

/// <summary>
/// Reorders the first passages the index found by what a reader would check: how much of the question
/// the passage covers (its title and heading included), whether one sentence holds most of it together,
/// and whether it states the kind of thing asked for (a period for "how long", a date for "when", an
/// amount for "how much"). BM25 alone rewards repeating one word; these reward answering.
/// </summary>
internal sealed class PassageReranker(UnitMatcher matcher)
{
    private const double CoverageWeight = 1.0;
    private const double SentenceWeight = 1.0;
    private const double AnswerTypeWeight = 0.3;
    private const double HintHeadingWeight = 0.3;
    private const double HeadingWeight = 0.5;
    private const double TitleWeight = 0.5;
    private const double SamePeriodWeight = 0.3;

    /// <summary>What a passage loses for never naming the instrument or jurisdiction the question is confined to.</summary>
    private const double OutOfScopePenalty = 0.5;

    /// <param name="weights">How much each unit of the question counts (its rarity in the materials).</param>
    public IReadOnlyList<KnowledgeHit> Rerank(QueryPlan plan, IReadOnlyList<KnowledgeHit> hits, IReadOnlyDictionary<QueryUnit, double> weights)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(weights);
        var total = plan.Units.Sum(u => weights.GetValueOrDefault(u));
        var top = hits.Count == 0 ? 0 : hits.Max(h => h.Score);
        if (hits.Count < 2 || total <= 0 || top <= 0)
        {
            return hits;
        }

        double Share(IEnumerable<QueryUnit> units) => units.Distinct().Sum(u => weights.GetValueOrDefault(u)) / total;

        // "the 30-month limit" points at the provisions that set a period of 30 months.
        var periods = TimeExpressions.Durations(plan.Question);

        var scored = new List<(KnowledgeHit Hit, double Score)>(hits.Count);
        var hintPlan = plan with { Units = plan.Hints };
        var frames = new Dictionary<string, (HashSet<QueryUnit> Around, HashSet<QueryUnit> Heading, HashSet<QueryUnit> Title, bool Hinted)>(StringComparer.Ordinal);
        foreach (var hit in hits)
        {
            // Each text is analysed once; sentences and the heading are stretches of it, and passages of
            // one article share their title and heading.
            var frameText = hit.Title + "\n" + hit.DocumentHeading + "\n" + hit.Heading;
            if (!frames.TryGetValue(hit.Language + "\u0001" + frameText, out var framed))
            {
                var headingStart = frameText.Length - hit.Heading.Length;
                var frame = matcher.Read(frameText, hit.Language, alsoEnglish: true);

                // The heading of the section names what it is about, unlike the title every passage shares.
                // One such as "Time Limit for Making a Demand" says the section sets what a "by when" question asks.
                // The title, as stored or as written atop the document, says which instrument a passage belongs
                // to: "under the Paris Convention" asks for that document's passages, not others that cite it.
                framed = (
                    matcher.Matches(plan, frame),
                    matcher.Matches(plan, frame, headingStart),
                    matcher.Matches(plan, frame, 0, headingStart),
                    plan.Hints.Count > 0 && matcher.Matches(hintPlan, frame, headingStart).Count > 0);
                frames[hit.Language + "\u0001" + frameText] = framed;
            }

            var (around, heading, title, hintInHeading) = framed;
            var text = matcher.Read(hit.Text, hit.Language);
            var inText = matcher.Matches(plan, text);
            var bestSentence = 0.0;
            foreach (var (offset, sentence) in SentenceSplitter.SplitWithOffsets(hit.Text))
            {
                var units = matcher.Matches(plan, text, offset, offset + sentence.Length);
                if (units.Count == 0)
                {
                    continue;
                }

                units.UnionWith(around);
                bestSentence = Math.Max(bestSentence, Share(units));
            }

            // The period asked for is often in the list that follows the sentence naming the subject, so the
            // whole passage is read for it.
            var fitsAnswerType = FitsAnswerType(plan.Intent, hit.Text);
            var score = (hit.Score / top)
                + (CoverageWeight * Share(inText.Concat(around)))
                + (SentenceWeight * bestSentence)
                + (HeadingWeight * Share(heading))
                + (TitleWeight * Share(title))
                + (fitsAnswerType ? AnswerTypeWeight : 0)
                + (hintInHeading ? HintHeadingWeight : 0)
                + (periods.Count > 0 && TimeExpressions.Durations(hit.Text).Intersect(periods).Any() ? SamePeriodWeight : 0)
                - (plan.Units.Any(u => u.NamesScope && !inText.Contains(u) && !around.Contains(u)) ? OutOfScopePenalty : 0);
            scored.Add((hit, score));
        }

        return scored.OrderByDescending(s => s.Score).Select(s => s.Hit).ToList();
    }

    /// <summary>Whether a sentence that speaks to the question states what kind of answer it wants.</summary>
    public static bool FitsAnswerType(QuestionIntent intent, string sentence) => intent switch
    {
        QuestionIntent.Duration => TimeExpressions.Durations(sentence).Count > 0,
        QuestionIntent.Date => TimeExpressions.HasDate(sentence) || TimeExpressions.Durations(sentence).Count > 0,
        QuestionIntent.Count => TimeExpressions.HasAmount(sentence) || TimeExpressions.HasQuantity(sentence),
        QuestionIntent.Amount => TimeExpressions.HasAmount(sentence),
        _ => false,
    };
}
