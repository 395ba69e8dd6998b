using System.Globalization;
using System.Text.Json.Nodes;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Search;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Cooperation.Knowledge.Training;

/// <summary>
/// The answer model: a logistic regression on <see cref="AnswerFeatures"/> that the materials answer the question,
/// with the decline threshold and the lead coverage chosen on out-of-fold predictions (documents never seen by the
/// model that judged them). The contexts come from out-of-fold ranker scores, as the run-time model will see them.
/// </summary>
/// <param name="domainQuestions">Questions that only say whether they are about IP rules; they teach the off-topic gate.</param>
internal sealed class AnswerTraining(List<(TrainingExample Example, AnswerContext Context)> contexts, List<(QueryPlan Plan, bool OnTopic)> domainQuestions)
{
    private const int Seed = 20261203;

    /// <summary>The decline precision the threshold must keep: declining a question the materials answer costs trust too.</summary>
    private const double RequiredDeclinePrecision = 0.9;

    /// <summary>
    /// The share of answers that may carry a wrong lead out of fold: half of the 2 % the product allows, because a share
    /// chosen right at the limit on the training questions lands above it on questions never seen.
    /// </summary>
    private const double AllowedWrongLeads = 0.01;

    private static readonly double[] Regularisation = [0.01, 0.1, 1, 10];

    public (string Json, string Figures) Train(TextWriter log, CancellationToken cancellationToken)
    {
        // The domain questions name no document: they are dealt to the folds one by one.
        var (domainOof, domain, offTopicBelow) = DomainTraining.Train(
            [.. contexts.Select(c => (c.Context.Plan, !c.Example.Question.IsOffTopic, c.Example.Fold)),
             .. domainQuestions.Select((q, i) => (q.Plan, q.OnTopic, i % AssistantTrainer.FoldCount))],
            log,
            cancellationToken);
        var gated = contexts.Select((_, i) => domainOof[i] < offTopicBelow).ToList();
        var rows = contexts.Select((c, i) => (Features: AnswerFeatures.Of(c.Context, domainOof[i]), Answerable: c.Example.Question.Answerable, c.Example.Fold)).ToList();
        var (mean, scale) = Standardisation(rows.Select(r => r.Features).ToList());

        // The regularisation by cross-validated log loss; then each question's probability from the model that did not see its fold.
        double[]? bestOof = null;
        var bestLoss = double.MaxValue;
        var bestLambda = 0.0;
        foreach (var lambda in Regularisation)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var oof = new double[rows.Count];
            for (var fold = 0; fold < AssistantTrainer.FoldCount; fold++)
            {
                var model = Fit(rows.Where(r => r.Fold != fold).Select(r => (r.Features, r.Answerable)).ToList(), mean, scale, lambda, domain);
                for (var i = 0; i < rows.Count; i++)
                {
                    if (rows[i].Fold == fold)
                    {
                        oof[i] = model.Probability(rows[i].Features);
                    }
                }
            }

            var loss = -rows.Select((r, i) => Math.Log(Math.Clamp(r.Answerable ? oof[i] : 1 - oof[i], 1e-6, 1))).Average();
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  answer model L2 {lambda}: cross-validated log loss {loss:F3}"));
            if (loss < bestLoss)
            {
                (bestLoss, bestOof, bestLambda) = (loss, oof, lambda);
            }
        }

        var (threshold, precision, recall) = ChooseThreshold(rows.Select(r => r.Answerable).ToList(), bestOof!, gated);
        var declined = rows.Select((r, i) => gated[i] || bestOof![i] < threshold || contexts[i].Context.Passages.Count == 0).ToList();
        var margin = ChooseSecondQuoteMargin(declined, log);
        var (leadCoverage, wrongLeads, rightLeads) = ChooseLeadCoverage(declined, margin, log);
        var final = Fit(rows.Select(r => (r.Features, r.Answerable)).ToList(), mean, scale, bestLambda, domain) with
        {
            DeclineBelow = threshold,
            OffTopicBelow = offTopicBelow,
            LeadCoverage = leadCoverage,
            SecondQuoteMargin = margin,
        };
        var outcome = Describe(Simulate(declined, margin, leadCoverage));
        var figures = string.Create(CultureInfo.InvariantCulture, $"Answer model: L2 {bestLambda}; decline below p = {threshold:F3} (cross-validated decline precision {precision:F3}, recall {recall:F3}); second quote within {margin} of the best; leads from quotes covering at least {leadCoverage:F2} of the question ({rightLeads} right, {wrongLeads} wrong).{Environment.NewLine}Cross-validated end to end (every question judged by models that never saw its document): {outcome}");
        log.WriteLine(figures);
        return (ToJson(final, figures, rows.Count), figures);
    }

    /// <summary>The margin (in ranker score) within which a second span of the best passage is quoted, by cross-validated answers right.</summary>
    private double ChooseSecondQuoteMargin(List<bool> declined, TextWriter log)
    {
        var best = (Margin: -1.0, Right: -1.0);
        foreach (var margin in new[] { -1.0, 0.25, 0.5, 1, 2, 1e9 })
        {
            var right = Simulate(declined, margin, 1.01).AnswerAccuracy;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  second quote within {margin}: answers right {right:F3}"));
            if (right > best.Right)
            {
                best = (margin, right);
            }
        }

        return best.Margin;
    }

    /// <summary>What the extractive answers would be, judged by the evaluation's own rules and figures.</summary>
    private EvaluationResult Simulate(List<bool> declined, double margin, double leadCoverage)
    {
        var outcomes = new List<QuestionOutcome>(contexts.Count);
        for (var i = 0; i < contexts.Count; i++)
        {
            var (example, context) = contexts[i];
            var question = example.Question;
            var spans = context.QuotableSpans();
            string? lead = null;
            var text = string.Empty;
            var answered = !declined[i] && spans.Count > 0;
            if (answered)
            {
                var quotes = ExtractiveAnswerer.Quotes(context.Plan, spans, margin);
                lead = ExtractiveAnswerer.Lead(context.Plan, spans[0], quotes, leadCoverage);
                text = (lead ?? string.Empty) + " " + string.Join(" ", quotes.Select(q => q.Text));
            }

            var right = answered && question.Answerable && question.MustContain.All(entry => EvaluationRunner.ContainsAny(text, entry));
            outcomes.Add(new QuestionOutcome(question.Id, question.Answerable, null, !answered, right, 0, 0, 0, text,
                question.Language, question.Tags ?? [], question.SourceDocument, lead, answered && EvaluationRunner.IsWrongLead(question, lead), question.IsOffTopic));
        }

        return EvaluationRunner.Summarise(outcomes);
    }

    /// <summary>
    /// The highest threshold (declining the most) whose out-of-fold decline precision, together with the questions the
    /// off-topic gate turns away, stays at or above 0.9; where none reaches it, the one with the best precision.
    /// </summary>
    private static (double Threshold, double Precision, double Recall) ChooseThreshold(List<bool> answerable, double[] probability, List<bool> gated)
    {
        var unanswerable = answerable.Count(a => !a);
        var candidates = probability.Distinct().Order().Select(p => p + 1e-9).Prepend(0).ToList();
        (double Threshold, double Precision, double Recall) best = (0, 0, 0);
        (double Threshold, double Precision, double Recall) fallback = (0, 0, 0);
        foreach (var t in candidates)
        {
            var declined = probability.Select((p, i) => (p, i)).Where(x => x.p < t || gated[x.i]).Select(x => x.i).ToList();
            if (declined.Count == 0)
            {
                continue;
            }

            var right = declined.Count(i => !answerable[i]);
            var precision = (double)right / declined.Count;
            var recall = unanswerable == 0 ? 1 : (double)right / unanswerable;
            if (precision >= RequiredDeclinePrecision && recall >= best.Recall)
            {
                best = (t, precision, recall);
            }

            if (precision > fallback.Precision)
            {
                fallback = (t, precision, recall);
            }
        }

        return best.Recall > 0 ? best : fallback;
    }

    /// <summary>The lowest coverage at which the leads of the answered questions stay within the allowed share wrong (fewest questions left without a lead).</summary>
    private (double Coverage, int Wrong, int Right) ChooseLeadCoverage(List<bool> declined, double margin, TextWriter log)
    {
        // What each answered question would quote does not depend on the coverage: read once, then tried at every step.
        var answered = contexts.Where((_, i) => !declined[i])
            .Select(c => (c.Example.Question, c.Context.Plan, Spans: c.Context.QuotableSpans()))
            .Where(a => a.Spans.Count > 0)
            .Select(a => (a.Question, a.Plan, Best: a.Spans[0], Quotes: ExtractiveAnswerer.Quotes(a.Plan, a.Spans, margin)))
            .ToList();
        var answeredCount = declined.Count(d => !d);
        foreach (var coverage in Enumerable.Range(0, 21).Select(i => i * 0.05))
        {
            var wrong = new List<string>();
            var right = 0;
            foreach (var (question, plan, best, quotes) in answered)
            {
                var lead = ExtractiveAnswerer.Lead(plan, best, quotes, coverage);
                if (lead is null)
                {
                    continue;
                }

                if (EvaluationRunner.IsWrongLead(question, lead))
                {
                    wrong.Add($"{question.Id} \"{lead}\"");
                }
                else
                {
                    right++;
                }
            }

            // The wrong ones are named (training questions only) so that whoever trains can see what misleads.
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  leads from quotes covering at least {coverage:F2}: {right} right, {wrong.Count} wrong ({string.Join(", ", wrong)})"));
            if (answeredCount == 0 || (double)wrong.Count / answeredCount <= AllowedWrongLeads)
            {
                return (coverage, wrong.Count, right);
            }
        }

        return (1.01, 0, 0);
    }

    private static string Describe(EvaluationResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"answers right {r.AnswerAccuracy:F3}, answer precision {r.AnswerPrecision:F3}, coverage {r.Coverage:F3}, decline precision {r.DeclinePrecision:F3}, decline recall {r.DeclineRecall:F3}, off-topic declined {r.OffTopicDeclined:F3}, wrong leads {r.WrongLeads:F3}.");

    private static (double[] Mean, double[] Scale) Standardisation(List<float[]> rows)
    {
        var count = AnswerFeatures.Names.Count;
        var mean = new double[count];
        var scale = new double[count];
        for (var f = 0; f < count; f++)
        {
            mean[f] = rows.Average(r => r[f]);
            var variance = rows.Average(r => (r[f] - mean[f]) * (r[f] - mean[f]));
            scale[f] = variance > 1e-12 ? Math.Sqrt(variance) : 1;
        }

        return (mean, scale);
    }

    private static AnswerModel Fit(List<(float[] Features, bool Answerable)> rows, double[] mean, double[] scale, double lambda, QuestionDomain domain)
    {
        var ml = new MLContext(Seed);
        var count = AnswerFeatures.Names.Count;
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, count);
        var data = ml.Data.LoadFromEnumerable(
            rows.Select(r => new Row { Label = r.Answerable, Features = [.. r.Features.Select((v, f) => (float)((v - mean[f]) / scale[f]))] }),
            schema);
        var trainer = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            L2Regularization = (float)lambda,
            L1Regularization = 0,
        });
        var fitted = trainer.Fit(data);
        var linear = fitted.Model.SubModel;
        var calibrator = fitted.Model.Calibrator;

        // ML.NET's probability is 1 / (1 + exp(slope * (w.x + b) + offset)); folded into one logit.
        var weights = linear.Weights.Select(w => -calibrator.Slope * w).ToArray();
        var bias = -((calibrator.Slope * linear.Bias) + calibrator.Offset);
        return new AnswerModel
        {
            Features = AnswerFeatures.Names,
            Mean = mean,
            Scale = scale,
            Weights = weights,
            Bias = bias,
            Domain = domain,
        };
    }

    private static string ToJson(AnswerModel model, string figures, int questions) => new JsonObject
    {
        ["features"] = new JsonArray([.. model.Features.Select(f => JsonValue.Create(f))]),
        ["mean"] = AssistantTrainer.Array(model.Mean),
        ["scale"] = AssistantTrainer.Array(model.Scale),
        ["weights"] = AssistantTrainer.Array(model.Weights),
        ["bias"] = Math.Round(model.Bias, 6),
        ["declineBelow"] = Math.Round(model.DeclineBelow, 6),
        ["offTopicBelow"] = Math.Round(model.OffTopicBelow, 6),
        ["leadCoverage"] = Math.Round(model.LeadCoverage, 6),
        ["secondQuoteMargin"] = model.SecondQuoteMargin,
        ["domain"] = new JsonObject
        {
            ["bias"] = Math.Round(model.Domain.Bias, 6),
            ["letterTriples"] = model.Domain.LetterTriples,
            ["weights"] = new JsonObject(model.Domain.Weights.OrderBy(w => w.Key, StringComparer.Ordinal).Select(w => KeyValuePair.Create(w.Key, (JsonNode?)JsonValue.Create(Math.Round(w.Value, 6))))),
        },
        ["training"] = new JsonObject
        {
            ["trainer"] = "ML.NET L-BFGS logistic regression, cooperation train",
            ["questions"] = questions,
            ["crossValidation"] = figures,
        },
    }.ToJsonString(AssistantTrainer.Json);

    private sealed class Row
    {
        public bool Label { get; set; }

        public float[] Features { get; set; } = [];
    }
}
