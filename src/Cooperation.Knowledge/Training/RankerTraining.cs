using System.Globalization;
using System.Text.Json.Nodes;
using Cooperation.Knowledge.Search.Ranking;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace Cooperation.Knowledge.Training;

/// <summary>LambdaMART over span features: hyper-parameters by cross-validation over documents, then one model on all of them.</summary>
internal sealed class RankerTraining(List<TrainingExample> examples)
{
    private const int Seed = 20261203;

    /// <summary>The grid searched; small on purpose: a few hundred training questions do not support more.</summary>
    private static readonly RankerSettings[] Grid =
    [
        .. from leaves in new[] { 4, 8 }
           from trees in new[] { 100, 300 }
           from rate in new[] { 0.1, 0.2 }
           from perLeaf in new[] { 5, 20, 50 }
           select new RankerSettings(leaves, trees, rate, perLeaf),
    ];

    private readonly List<TrainingExample> _ranked = examples.Where(e => e.HasRelevantSpan).ToList();

    public (RankerSettings Settings, string Figures) ChooseByCrossValidation(TextWriter log, CancellationToken cancellationToken)
    {
        var baseline = Mrr(_ranked, _ => 0);
        RankerSettings? best = null;
        var bestMrr = double.MinValue;
        foreach (var settings in Grid)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = OutOfFoldScores(settings, cancellationToken);
            var mrr = Mrr(_ranked, f => scores[f]);
            log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  ranker {settings}: cross-validated span MRR {mrr:F3}"));
            if (mrr > bestMrr)
            {
                (best, bestMrr) = (settings, mrr);
            }
        }

        var oof = OutOfFoldScores(best!, cancellationToken);
        var top1 = _ranked.Average(e => e.IsRelevant(e.Spans.MaxBy(s => oof[s.Features])!) ? 1.0 : 0.0);
        var figures = string.Create(CultureInfo.InvariantCulture, $"Ranker: {best} chosen; cross-validated over {AssistantTrainer.FoldCount} document folds on {_ranked.Count} questions: span MRR {bestMrr:F3}, best span holds the evidence {top1:F3} (first-stage order: MRR {baseline:F3}).");
        log.WriteLine(figures);
        return (best!, figures);
    }

    /// <summary>Each span's score from the model trained without its document's fold.</summary>
    public Dictionary<float[], double> OutOfFoldScores(RankerSettings settings, CancellationToken cancellationToken)
    {
        var scores = new Dictionary<float[], double>(ReferenceEqualityComparer.Instance);
        for (var fold = 0; fold < AssistantTrainer.FoldCount; fold++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var model = Train(settings, _ranked.Where(e => e.Fold != fold).ToList());
            foreach (var span in examples.Where(e => e.Fold == fold).SelectMany(e => e.Spans))
            {
                scores[span.Features] = model.Score(span.Features);
            }
        }

        return scores;
    }

    public TreeEnsemble Train(RankerSettings settings, IReadOnlyList<TrainingExample> training)
    {
        var ml = new MLContext(Seed);
        var rows = training.Where(e => e.HasRelevantSpan).SelectMany((e, group) => e.Spans.Select((s, i) => new Row { Label = e.Labels[i], Group = (uint)group, Features = s.Features }));
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SpanFeatures.Count);
        var data = ml.Data.LoadFromEnumerable(rows, schema);
        var pipeline = ml.Transforms.Conversion.MapValueToKey("GroupKey", nameof(Row.Group))
            .Append(ml.Ranking.Trainers.FastTree(new FastTreeRankingTrainer.Options
            {
                LabelColumnName = nameof(Row.Label),
                FeatureColumnName = nameof(Row.Features),
                RowGroupColumnName = "GroupKey",
                NumberOfLeaves = settings.Leaves,
                NumberOfTrees = settings.Trees,
                LearningRate = settings.LearningRate,
                MinimumExampleCountPerLeaf = settings.MinimumPerLeaf,
                NumberOfThreads = 1,
            }));
        var fitted = pipeline.Fit(data);
        var ensemble = ToEnsemble(fitted.LastTransformer.Model.TrainedTreeEnsemble);
        CheckAgainstLibrary(ml, fitted, data, ensemble);
        return ensemble;
    }

    /// <summary>ML.NET's trees in the product's own form; the training fails rather than ship a model that scores differently.</summary>
    private static TreeEnsemble ToEnsemble(RegressionTreeEnsemble trained) => new()
    {
        Features = SpanFeatures.Names,
        Bias = trained.Bias,
        Trees =
        [
            .. trained.Trees.Select((tree, i) => new TreeEnsemble.Tree
            {
                Weight = trained.TreeWeights[i],
                Left = [.. tree.LeftChild],
                Right = [.. tree.RightChild],
                Feature = [.. tree.NumericalSplitFeatureIndexes],
                Threshold = [.. tree.NumericalSplitThresholds],
                Leaf = [.. tree.LeafValues],
            }),
        ],
    };

    private static void CheckAgainstLibrary(MLContext ml, ITransformer fitted, IDataView data, TreeEnsemble ensemble)
    {
        var scored = fitted.Transform(data);
        var expected = scored.GetColumn<float>("Score").ToList();
        var features = scored.GetColumn<float[]>(nameof(Row.Features)).ToList();
        for (var i = 0; i < expected.Count; i++)
        {
            var own = ensemble.Score(features[i]);
            if (Math.Abs(own - expected[i]) > 1e-3 * Math.Max(1, Math.Abs(expected[i])))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"The exported ranker scores row {i} {own}, ML.NET {expected[i]}: the export is wrong."));
            }
        }

        _ = ml;
    }

    /// <summary>Mean reciprocal rank of the first span that holds the evidence, over questions that have one.</summary>
    private static double Mrr(List<TrainingExample> examples, Func<float[], double> score) =>
        examples.Count == 0 ? 0 : examples.Average(e =>
        {
            var order = e.Spans.Select((s, i) => (Score: score(s.Features), Rank: s.PassageRank, s.Offset, Label: e.Labels[i]))
                .OrderByDescending(x => x.Score).ThenBy(x => x.Rank).ThenBy(x => x.Offset).ToList();
            var first = order.FindIndex(x => x.Label >= TrainingExample.EvidenceLabel);
            return first < 0 ? 0 : 1.0 / (first + 1);
        });

    public static string ToJson(TreeEnsemble model, RankerSettings settings, string figures, int questions)
    {
        var trees = new JsonArray();
        foreach (var tree in model.Trees)
        {
            trees.Add(new JsonObject
            {
                ["weight"] = tree.Weight,
                ["left"] = new JsonArray([.. tree.Left.Select(v => JsonValue.Create(v))]),
                ["right"] = new JsonArray([.. tree.Right.Select(v => JsonValue.Create(v))]),
                ["feature"] = new JsonArray([.. tree.Feature.Select(v => JsonValue.Create(v))]),
                ["threshold"] = new JsonArray([.. tree.Threshold.Select(v => JsonValue.Create(v))]),
                ["leaf"] = AssistantTrainer.Array(tree.Leaf),
            });
        }

        var json = new JsonObject
        {
            ["features"] = new JsonArray([.. model.Features.Select(f => JsonValue.Create(f))]),
            ["bias"] = model.Bias,
            ["training"] = new JsonObject
            {
                ["trainer"] = "ML.NET FastTree LambdaMART (Microsoft.ML.FastTree), cooperation train",
                ["questions"] = questions,
                ["settings"] = settings.ToString(),
                ["crossValidation"] = figures,
            },
            ["trees"] = trees,
        };
        return json.ToJsonString(AssistantTrainer.Json);
    }

    private sealed class Row
    {
        public float Label { get; set; }

        public uint Group { get; set; }

        public float[] Features { get; set; } = [];
    }
}

internal sealed record RankerSettings(int Leaves, int Trees, double LearningRate, int MinimumPerLeaf)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"leaves {Leaves}, trees {Trees}, learning rate {LearningRate}, at least {MinimumPerLeaf} spans per leaf");
}
