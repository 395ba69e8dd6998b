using System.Globalization;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Search;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers;

namespace Cooperation.Knowledge.Training;

/// <summary>
/// Trains <see cref="QuestionDomain"/>: logistic regression (ML.NET L-BFGS) over the questions' tokens, each class
/// weighing half whatever its size, with the token design (letter triples or not) and the regularisation chosen by
/// cross-validated log loss; then the off-topic gate from the out-of-fold log-odds.
/// </summary>
internal static class DomainTraining
{
    private const int Seed = 20261203;

    /// <summary>The share of on-topic questions the off-topic gate may turn away under cross-validation.</summary>
    private const double AllowedOnTopicGated = 0.01;

    /// <summary>A token must occur in this many questions to get a weight: one question's odd word is noise.</summary>
    private const int MinimumQuestions = 2;

    private static readonly double[] Regularisation = [0.1, 1, 10];

    /// <param name="questions">Each question's plan, whether it is about IP rules, and its fold.</param>
    /// <returns>Each question's log-odds from the model that did not see its fold, the final model, and the gate: the log-odds below which a question is declined as off-topic.</returns>
    public static (double[] OutOfFold, QuestionDomain Final, double OffTopicBelow) Train(List<(QueryPlan Plan, bool InDomain, int Fold)> questions, TextWriter log, CancellationToken cancellationToken)
    {
        (double Loss, bool Triples, double Lambda, double[] Oof) best = (double.MaxValue, false, 0, []);
        foreach (var triples in new[] { false, true })
        {
            var tokens = questions.Select(q => QuestionDomain.Tokens(q.Plan, triples)).ToList();
            foreach (var lambda in Regularisation)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var oof = new double[questions.Count];
                for (var fold = 0; fold < AssistantTrainer.FoldCount; fold++)
                {
                    var model = Fit(questions.Select((q, i) => (tokens[i], q.InDomain, q.Fold)).Where(q => q.Fold != fold).Select(q => (q.Item1, q.InDomain)).ToList(), triples, lambda);
                    for (var i = 0; i < questions.Count; i++)
                    {
                        if (questions[i].Fold == fold)
                        {
                            oof[i] = model.Logit(tokens[i]);
                        }
                    }
                }

                var loss = BalancedLogLoss(questions.Select(q => q.InDomain).ToList(), oof);
                log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  question domain, letter triples {(triples ? "on" : "off")}, L2 {lambda}: cross-validated balanced log loss {loss:F3}"));
                if (loss < best.Loss)
                {
                    best = (loss, triples, lambda, oof);
                }
            }
        }

        var inDomain = questions.Select(q => q.InDomain).ToList();
        var gate = ChooseGate(inDomain, best.Oof);
        var onTopic = inDomain.Count(d => d);
        var gatedOnTopic = inDomain.Where((d, i) => d && best.Oof[i] < gate).Count();
        var gatedOffTopic = inDomain.Where((d, i) => !d && best.Oof[i] < gate).Count();
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  question domain: letter triples {(best.Triples ? "on" : "off")}, L2 {best.Lambda} chosen; cross-validated {inDomain.Where((d, i) => (best.Oof[i] >= 0) == d).Count()} of {questions.Count} questions told apart; the off-topic gate at log-odds {gate:F2} turns away {gatedOffTopic} of {questions.Count - onTopic} off-topic and {gatedOnTopic} of {onTopic} on-topic questions"));
        var final = Fit(questions.Select(q => (QuestionDomain.Tokens(q.Plan, best.Triples), q.InDomain)).ToList(), best.Triples, best.Lambda);
        return (best.Oof, final, gate);
    }

    /// <summary>The highest log-odds (turning away the most off-topic questions) at which at most 1 % of on-topic questions are turned away.</summary>
    private static double ChooseGate(List<bool> inDomain, double[] logits)
    {
        var allowed = (int)Math.Floor(AllowedOnTopicGated * inDomain.Count(d => d));
        var onTopicLogits = logits.Where((_, i) => inDomain[i]).Order().ToList();

        // Gating below the (allowed + 1)-th lowest on-topic log-odds turns away exactly `allowed` of them.
        return onTopicLogits.Count == 0 ? 0 : onTopicLogits[Math.Min(allowed, onTopicLogits.Count - 1)];
    }

    private static double BalancedLogLoss(List<bool> inDomain, double[] logits)
    {
        double Loss(bool positive) => inDomain.Select((d, i) => (d, i)).Where(x => x.d == positive)
            .Select(x => Math.Log(1 + Math.Exp(positive ? -logits[x.i] : logits[x.i]))).DefaultIfEmpty(0).Average();
        return (Loss(true) + Loss(false)) / 2;
    }

    private static QuestionDomain Fit(List<(HashSet<string> Tokens, bool InDomain)> rows, bool triples, double lambda)
    {
        var vocabulary = rows.SelectMany(r => r.Tokens).GroupBy(t => t, StringComparer.Ordinal)
            .Where(g => g.Count() >= MinimumQuestions).Select(g => g.Key).Order(StringComparer.Ordinal).ToList();
        var index = vocabulary.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var positives = Math.Max(1, rows.Count(r => r.InDomain));
        var negatives = Math.Max(1, rows.Count - positives);
        var ml = new MLContext(Seed);
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, Math.Max(1, vocabulary.Count));
        var data = ml.Data.LoadFromEnumerable(
            rows.Select(r =>
            {
                var present = r.Tokens.Where(index.ContainsKey).Select(t => index[t]).Order().ToArray();
                return new Row
                {
                    Label = r.InDomain,
                    Weight = (float)(rows.Count / 2.0 / (r.InDomain ? positives : negatives)),
                    Features = new VBuffer<float>(Math.Max(1, vocabulary.Count), present.Length, [.. present.Select(_ => 1f)], present),
                };
            }),
            schema);
        var fitted = ml.BinaryClassification.Trainers.LbfgsLogisticRegression(new LbfgsLogisticRegressionBinaryTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            ExampleWeightColumnName = nameof(Row.Weight),
            L2Regularization = (float)lambda,
            L1Regularization = 0,
        }).Fit(data);
        var linear = fitted.Model.SubModel;
        var calibrator = fitted.Model.Calibrator;

        // ML.NET's probability is 1 / (1 + exp(slope * (w.x + b) + offset)); folded into one logit per token.
        var weights = linear.Weights.ToArray();
        return new QuestionDomain
        {
            Bias = -((calibrator.Slope * linear.Bias) + calibrator.Offset),
            Weights = vocabulary.Select((t, i) => (t, w: -calibrator.Slope * weights[i])).Where(x => Math.Abs(x.w) > 1e-4)
                .ToDictionary(x => x.t, x => Math.Round(x.w, 6), StringComparer.Ordinal),
            LetterTriples = triples,
        };
    }

    private sealed class Row
    {
        public bool Label { get; set; }

        public float Weight { get; set; }

        public VBuffer<float> Features { get; set; }
    }
}
