using System.Text.Json;
using System.Text.Json.Serialization;
using Cooperation.Knowledge.Search;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// When to answer, as learned by <c>cooperation train</c> from the training questions (embedded answer-model.json):
/// a logistic regression over <see cref="AnswerFeatures"/> that gives the probability that the materials answer the
/// question, the probability below which the assistant declines (chosen by cross-validation for decline precision of
/// at least 0.9), and the share of the question a quote must cover before a short lead is read from it.
/// </summary>
internal sealed record AnswerModel
{
    public const string Resource = "Cooperation.Knowledge.Answering.answer-model.json";

    [JsonPropertyName("features")]
    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Each feature is standardised as (value - mean) / scale before it is weighed.</summary>
    [JsonPropertyName("mean")]
    public required double[] Mean { get; init; }

    [JsonPropertyName("scale")]
    public required double[] Scale { get; init; }

    [JsonPropertyName("weights")]
    public required double[] Weights { get; init; }

    [JsonPropertyName("bias")]
    public double Bias { get; init; }

    /// <summary>Below this probability of being answerable the assistant declines.</summary>
    [JsonPropertyName("declineBelow")]
    public double DeclineBelow { get; init; }

    /// <summary>
    /// Below this log-odds of the question being about IP rules at all (<see cref="QuestionDomain"/>) the assistant
    /// declines before it searches, so an off-topic question is never answered with a quote.
    /// </summary>
    [JsonPropertyName("offTopicBelow")]
    public double OffTopicBelow { get; init; } = double.NegativeInfinity;

    /// <summary>The share of the question a quote must cover by itself before a yes/no or figure is read from it.</summary>
    [JsonPropertyName("leadCoverage")]
    public double LeadCoverage { get; init; }

    /// <summary>A second span of the best passage is quoted too when its score is within this margin of the best span's.</summary>
    [JsonPropertyName("secondQuoteMargin")]
    public double SecondQuoteMargin { get; init; }

    [JsonPropertyName("domain")]
    public required QuestionDomain Domain { get; init; }

    [JsonPropertyName("training")]
    public JsonElement? Training { get; init; }

    /// <summary>The features of a question and what was found for it, with the domain model's view of its words.</summary>
    public float[] FeaturesOf(AnswerContext context) => AnswerFeatures.Of(context, Domain.Logit(context.Plan));

    /// <summary>Whether the question is not about IP rules at all, judged from its words before anything is searched.</summary>
    public bool IsOffTopic(QueryPlan plan) => Domain.Logit(plan) < OffTopicBelow;

    public double Probability(ReadOnlySpan<float> features)
    {
        var logit = Bias;
        for (var i = 0; i < Weights.Length; i++)
        {
            logit += Weights[i] * ((features[i] - Mean[i]) / Scale[i]);
        }

        return 1 / (1 + Math.Exp(-logit));
    }

    public static AnswerModel Load(Stream json)
    {
        var model = JsonSerializer.Deserialize<AnswerModel>(json) ?? throw new InvalidDataException("The answer model file is empty.");
        if (!model.Features.SequenceEqual(AnswerFeatures.Names, StringComparer.Ordinal))
        {
            throw new InvalidDataException($"The answer model was trained on the features [{string.Join(", ", model.Features)}], but this build computes [{string.Join(", ", AnswerFeatures.Names)}]; train it again.");
        }

        var count = model.Features.Count;
        if (model.Mean.Length != count || model.Scale.Length != count || model.Weights.Length != count || model.Scale.Any(s => !(s > 0)))
        {
            throw new InvalidDataException("The answer model file is malformed.");
        }

        return model;
    }

    public static AnswerModel LoadEmbedded()
    {
        using var stream = typeof(AnswerModel).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"The model {Resource} is not embedded in this build.");
        return Load(stream);
    }
}
