using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// What the decline decision knows of a question and what the search found for it: how confident the ranking is in
/// its best span and by how much it leads; how much of the question the best span and passage cover; how much of the
/// question (by weight and by count) the readable materials never mention at all ("Australia", "Swiss francs"); names
/// in the question found nowhere; whether anything of the asked type (a period for "how long") was found; how many
/// glossary concepts of intellectual property the question holds (an off-topic question holds none).
/// </summary>
internal static class AnswerFeatures
{
    public static readonly IReadOnlyList<string> Names =
    [
        "top_score", "score_margin", "top_span_coverage", "top_span_framed_coverage", "top_passage_coverage", "best_coverage",
        "missing_names", "unseen_weight_share", "unseen_unit_share", "question_units", "question_concepts",
        "answer_type_found", "top_same_language", "top_out_of_scope", "question_english", "concept_share", "domain",
    ];

    /// <param name="domain">The log-odds that the question is about IP rules at all, from <see cref="QuestionDomain"/>.</param>
    public static float[] Of(AnswerContext context, double domain)
    {
        ArgumentNullException.ThrowIfNull(context);
        var features = new float[Names.Count];
        var spans = context.Spans;
        var plan = context.Plan;
        var units = plan.Units;
        var unseen = units.Where(u => context.Evidence.IsUnseen(u)).ToList();
        features[6] = context.Evidence.MissingNames.Count;
        features[7] = context.Evidence.Total <= 0 ? 1 : (float)(unseen.Sum(context.Evidence.Weight) / context.Evidence.Total);
        features[8] = units.Count == 0 ? 1 : (float)unseen.Count / units.Count;
        features[9] = units.Count;
        features[10] = units.Count(u => u.ConceptKey is not null);
        features[14] = plan.Language == LanguageDetector.English ? 1 : 0;
        features[5] = (float)context.BestCoverage;
        features[15] = units.Count == 0 ? 0 : (float)features[10] / units.Count;
        features[16] = (float)domain;
        if (spans.Count == 0)
        {
            return features;
        }

        var top = spans[0];
        var runnerUp = spans.FirstOrDefault(s => !ReferenceEquals(s.Passage, top.Passage));
        features[0] = (float)top.Score;
        features[1] = runnerUp is null ? 1 : (float)(top.Score - runnerUp.Score);
        features[2] = top.Features[SpanFeatures.SpanCoverage];
        features[3] = top.Features[SpanFeatures.SpanFramedCoverage];
        features[4] = top.Features[SpanFeatures.PassageCoverage];
        features[11] = plan.Intent is QuestionIntent.General or QuestionIntent.YesNo || spans.Take(3).Any(s => PassageReranker.FitsAnswerType(plan.Intent, s.Text)) ? 1 : 0;
        features[12] = top.Features[SpanFeatures.SameLanguage];
        features[13] = top.Features[SpanFeatures.OutOfScope];
        return features;
    }
}
