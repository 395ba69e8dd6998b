using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Knowledge.Search.Ranking;

/// <summary>
/// A boosted tree ensemble as the trainer writes it (see <c>Training/RankerTrainer</c>): the sum of every tree's leaf
/// for a feature vector, plus a bias. Each tree is kept in ML.NET's array form: node i goes left when feature[i] is at
/// most threshold[i], and a negative child ~k is leaf k. Evaluated here, so the site needs no ML library to rank.
/// </summary>
internal sealed class TreeEnsemble
{
    [JsonPropertyName("features")]
    public required IReadOnlyList<string> Features { get; init; }

    [JsonPropertyName("bias")]
    public double Bias { get; init; }

    [JsonPropertyName("trees")]
    public required IReadOnlyList<Tree> Trees { get; init; }

    /// <summary>How the model was made: data, hyper-parameters, cross-validated figures. Not read by the product.</summary>
    [JsonPropertyName("training")]
    public JsonElement? Training { get; init; }

    public double Score(ReadOnlySpan<float> features)
    {
        var score = Bias;
        foreach (var tree in Trees)
        {
            score += tree.Weight * tree.Evaluate(features);
        }

        return score;
    }

    /// <summary>Reads a model and checks it against the features this build computes; a mismatch is refused, never guessed at.</summary>
    public static TreeEnsemble Load(Stream json, IReadOnlyList<string> expectedFeatures)
    {
        var model = JsonSerializer.Deserialize<TreeEnsemble>(json) ?? throw new InvalidDataException("The model file is empty.");
        if (!model.Features.SequenceEqual(expectedFeatures, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"The model was trained on the features [{string.Join(", ", model.Features)}], but this build computes [{string.Join(", ", expectedFeatures)}]; train it again.");
        }

        foreach (var tree in model.Trees)
        {
            tree.Validate(model.Features.Count);
        }

        return model;
    }

    public sealed class Tree
    {
        [JsonPropertyName("weight")]
        public double Weight { get; init; } = 1;

        [JsonPropertyName("left")]
        public required int[] Left { get; init; }

        [JsonPropertyName("right")]
        public required int[] Right { get; init; }

        [JsonPropertyName("feature")]
        public required int[] Feature { get; init; }

        [JsonPropertyName("threshold")]
        public required float[] Threshold { get; init; }

        [JsonPropertyName("leaf")]
        public required double[] Leaf { get; init; }

        public double Evaluate(ReadOnlySpan<float> features)
        {
            // A tree that never split is a single leaf.
            if (Feature.Length == 0)
            {
                return Leaf[0];
            }

            var node = 0;
            while (node >= 0)
            {
                node = features[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
            }

            return Leaf[~node];
        }

        internal void Validate(int featureCount)
        {
            var nodes = Feature.Length;
            if (Left.Length != nodes || Right.Length != nodes || Threshold.Length != nodes || Leaf.Length != nodes + 1
                || Feature.Any(f => f < 0 || f >= featureCount)
                || Enumerable.Range(0, nodes).Any(i => !IsChild(Left[i], i) || !IsChild(Right[i], i)))
            {
                throw new InvalidDataException("A tree of the model file is malformed.");
            }

            // A child comes after its parent (trees grow by appending), which also rules out a loop.
            bool IsChild(int child, int parent) => child < 0 ? ~child < Leaf.Length : child > parent && child < nodes;
        }
    }
}
