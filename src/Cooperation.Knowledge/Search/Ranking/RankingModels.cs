namespace Cooperation.Knowledge.Search.Ranking;

/// <summary>
/// The trained models the assistant runs on, read once from the files embedded in this assembly (written by
/// <c>cooperation train</c>): the span ranker and the decline classifier.
/// </summary>
internal sealed class RankingModels
{
    public const string RankerResource = "Cooperation.Knowledge.Search.Ranking.ranker-model.json";

    public RankingModels()
    {
        Ranker = Load(RankerResource, SpanFeatures.Names);
    }

    public TreeEnsemble Ranker { get; }

    private static TreeEnsemble Load(string resource, IReadOnlyList<string> features)
    {
        using var stream = typeof(RankingModels).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The model {resource} is not embedded in this build.");
        return TreeEnsemble.Load(stream, features);
    }
}
