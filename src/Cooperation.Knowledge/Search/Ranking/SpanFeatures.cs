using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Search.Ranking;

/// <summary>
/// What the ranking model knows of a span of a passage found for a question: how much of the question (weighted by
/// each unit's rarity) the span, its passage, heading and title cover, and how much of that through the question's
/// own language rather than the terminology's translations; whether it states the kind of answer asked for; the BM25
/// score and place of its passage; the shape of the passage and of the question. The names are the model file's
/// contract: the trainer writes them, and a model whose names differ is refused when loaded.
/// </summary>
internal sealed class SpanFeatures(UnitMatcher matcher)
{
    public static readonly IReadOnlyList<string> Names =
    [
        "bm25", "first_stage_rank", "passage_coverage", "passage_own_language_coverage", "heading_coverage", "title_coverage",
        "hint_in_heading", "out_of_scope", "same_language", "section_depth", "passage_length", "span_coverage",
        "span_framed_coverage", "span_own_language_coverage", "span_fits_answer_type", "span_same_period", "span_length",
        "span_position", "span_reference_coverage", "span_concept_coverage", "passage_best_span_coverage", "question_units",
        "question_intent", "question_english", "passage_english", "span_coverage_below_best", "passage_coverage_below_best",
        "span_framed_coverage_below_best", "document_share", "document_best_bm25", "document_best_coverage",
        "span_lacks_asked_figure", "passage_states_asked_figure",
    ];

    public static int Count => Names.Count;

    /// <summary>Where the share of the question the span itself covers stands in the vector (the answerer reads it too).</summary>
    public const int SpanCoverage = 11;

    /// <summary>Where the span's coverage with its passage's title and headings stands.</summary>
    public const int SpanFramedCoverage = 12;

    /// <summary>Where the passage's coverage (text, title and headings) stands.</summary>
    public const int PassageCoverage = 2;

    /// <summary>Where "the passage never names the instrument or jurisdiction the question is confined to" stands.</summary>
    public const int OutOfScope = 7;

    /// <summary>Where "the passage is in the question's language" stands.</summary>
    public const int SameLanguage = 8;

    private const int SpanFitsAnswerType = 14;
    private const int PassageBestSpanCoverage = 20;
    private const int SpanCoverageBelowBest = 25;
    private const int PassageCoverageBelowBest = 26;
    private const int SpanFramedCoverageBelowBest = 27;
    private const int DocumentShare = 28;
    private const int DocumentBestBm25 = 29;
    private const int DocumentBestCoverage = 30;
    private const int SpanLacksAskedFigure = 31;
    private const int PassageStatesAskedFigure = 32;

    /// <param name="hits">The passages in first-stage order, with their BM25 (or fused) scores.</param>
    /// <param name="weights">How much each unit of the question counts: its rarity in the materials.</param>
    public List<RankedSpan> Read(QueryPlan plan, IReadOnlyList<KnowledgeHit> hits, IReadOnlyDictionary<QueryUnit, double> weights)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(hits);
        ArgumentNullException.ThrowIfNull(weights);
        var spans = new List<RankedSpan>();
        var total = plan.Units.Sum(u => weights.GetValueOrDefault(u));
        var top = hits.Count == 0 ? 0 : hits.Max(h => h.Score);
        if (hits.Count == 0 || total <= 0)
        {
            return spans;
        }

        double Share(IEnumerable<QueryUnit> units) => units.Distinct().Sum(u => weights.GetValueOrDefault(u)) / total;
        var (own, original) = OwnLanguage(plan);
        var hintPlan = plan with { Units = plan.Hints };
        var periods = TimeExpressions.Durations(plan.Question);
        var references = plan.Units.Where(u => u.Kind is QueryUnitKind.Reference or QueryUnitKind.Number).ToList();
        var concepts = plan.Units.Where(u => u.ConceptKey is not null).ToList();
        var frames = new Dictionary<string, Frame>(StringComparer.Ordinal);
        for (var rank = 0; rank < hits.Count; rank++)
        {
            var hit = hits[rank];
            var frameText = hit.Title + "\n" + hit.DocumentHeading + "\n" + hit.Heading;
            var frameKey = hit.Language + "\u0001" + frameText;
            if (!frames.TryGetValue(frameKey, out var frame))
            {
                // Passages of one article share their title and heading: each is read once.
                var headingStart = frameText.Length - hit.Heading.Length;
                var read = matcher.Read(frameText, hit.Language, alsoEnglish: true);
                frame = new Frame(
                    matcher.Matches(plan, read),
                    matcher.Matches(own, read),
                    Share(matcher.Matches(plan, read, headingStart)),
                    Share(matcher.Matches(plan, read, 0, headingStart)),
                    plan.Hints.Count > 0 && matcher.Matches(hintPlan, read, headingStart).Count > 0);
                frames[frameKey] = frame;
            }

            var text = matcher.Read(hit.Text, hit.Language);
            var inText = matcher.Matches(plan, text);
            inText.UnionWith(frame.Units);
            var ownInText = matcher.Matches(own, text);
            ownInText.UnionWith(frame.OwnUnits);
            var outOfScope = plan.Units.Any(u => u.NamesScope && !inText.Contains(u));
            var passage = new float[]
            {
                top <= 0 ? 0 : hit.Score / top,
                rank,
                (float)Share(inText),
                (float)Share(ownInText.Select(u => original[u])),
                (float)frame.HeadingShare,
                (float)frame.TitleShare,
                frame.Hinted ? 1 : 0,
                outOfScope ? 1 : 0,
                hit.Language == plan.Language ? 1 : 0,
                hit.SectionPath.Length == 0 ? 0 : hit.SectionPath.Count(c => c == '/') + 1,
                MathF.Log(1 + hit.Text.Length),
            };

            var first = spans.Count;
            var best = 0f;
            foreach (var span in QuotableSpans.Of(hit.Text))
            {
                var end = span.Offset + span.Text.Length;
                var direct = matcher.Matches(plan, text, span.Offset, end);
                var ownDirect = matcher.Matches(own, text, span.Offset, end);
                var framed = new HashSet<QueryUnit>(direct, ReferenceEqualityComparer.Instance);
                framed.UnionWith(frame.Units);
                var coverage = (float)Share(direct);
                best = Math.Max(best, coverage);
                var features = new float[Count];
                passage.CopyTo(features, 0);
                var i = passage.Length;
                features[i++] = coverage;
                features[i++] = direct.Count == 0 ? 0 : (float)Share(framed);
                features[i++] = (float)Share(ownDirect.Select(u => original[u]));
                features[i++] = PassageReranker.FitsAnswerType(plan.Intent, span.Text) ? 1 : 0;
                features[i++] = periods.Count > 0 && TimeExpressions.Durations(span.Text).Intersect(periods).Any() ? 1 : 0;
                features[i++] = MathF.Log(1 + span.Text.Length);
                features[i++] = hit.Text.Length == 0 ? 0 : (float)span.Offset / hit.Text.Length;
                features[i++] = references.Count == 0 ? 0 : (float)references.Count(direct.Contains) / references.Count;
                features[i++] = concepts.Count == 0 ? 0 : (float)concepts.Count(direct.Contains) / concepts.Count;
                i++; // the passage's best span coverage, known once every span of it is read
                features[i++] = plan.Units.Count;
                features[i++] = (float)plan.Intent;
                features[i++] = plan.Language == LanguageDetector.English ? 1 : 0;
                features[i] = hit.Language == LanguageDetector.English ? 1 : 0;

                // The three "below the best" features follow, filled in once every span is read.
                spans.Add(new RankedSpan(hit, rank, span.Text, span.Offset, features));
            }

            for (var s = first; s < spans.Count; s++)
            {
                spans[s].Features[PassageBestSpanCoverage] = best;
            }
        }

        // What the candidates say of the span's document as a whole: a document most of whose passages were found, or
        // whose best passage matches best, is more likely the one the question is about.
        var byDocument = spans.GroupBy(s => s.Passage.DocumentId).ToDictionary(
            g => g.Key,
            g => (Share: (float)g.Select(s => s.PassageRank).Distinct().Count() / hits.Count, Bm25: g.Max(s => s.Features[0]), Coverage: g.Max(s => s.Features[PassageCoverage])));
        foreach (var span in spans)
        {
            var document = byDocument[span.Passage.DocumentId];
            span.Features[DocumentShare] = document.Share;
            span.Features[DocumentBestBm25] = document.Bm25;
            span.Features[DocumentBestCoverage] = document.Coverage;
        }

        // A "how long" or "how much" question is not answered by a sentence without a period or amount, however well it
        // matches the words; its passage may still state one elsewhere.
        var asksFigure = plan.Intent is QuestionIntent.Duration or QuestionIntent.Date or QuestionIntent.Count or QuestionIntent.Amount;
        var stating = spans.Where(s => s.Features[SpanFitsAnswerType] > 0).Select(s => s.Passage).ToHashSet(ReferenceEqualityComparer.Instance);
        foreach (var span in spans)
        {
            span.Features[SpanLacksAskedFigure] = asksFigure && span.Features[SpanFitsAnswerType] == 0 ? 1 : 0;
            span.Features[PassageStatesAskedFigure] = asksFigure && stating.Contains(span.Passage) ? 1 : 0;
        }

        // How far each span falls short of the question's best: the model compares candidates of one question, and
        // coverage that is high for one question is low for another.
        foreach (var (feature, relative) in new[] { (SpanCoverage, SpanCoverageBelowBest), (PassageCoverage, PassageCoverageBelowBest), (SpanFramedCoverage, SpanFramedCoverageBelowBest) })
        {
            var max = spans.Count == 0 ? 0 : spans.Max(s => s.Features[feature]);
            foreach (var span in spans)
            {
                span.Features[relative] = max - span.Features[feature];
            }
        }

        return spans;
    }

    /// <summary>
    /// The plan with only the wordings in the question's own language (and the language-neutral ones: numbers, article
    /// labels), and for each of its units the unit of the full plan it was made from, whose weight it carries.
    /// </summary>
    private static (QueryPlan Own, Dictionary<QueryUnit, QueryUnit> Original) OwnLanguage(QueryPlan plan)
    {
        var original = new Dictionary<QueryUnit, QueryUnit>(ReferenceEqualityComparer.Instance);
        var units = new List<QueryUnit>(plan.Units.Count);
        foreach (var unit in plan.Units)
        {
            var own = unit with { Alternatives = unit.Alternatives.Where(a => a.Language == plan.Language || a.Field is IndexFields.NeutralText or IndexFields.LabelText).ToList() };
            original[own] = unit;
            units.Add(own);
        }

        return (plan with { Units = units }, original);
    }

    private sealed record Frame(HashSet<QueryUnit> Units, HashSet<QueryUnit> OwnUnits, double HeadingShare, double TitleShare, bool Hinted);
}
