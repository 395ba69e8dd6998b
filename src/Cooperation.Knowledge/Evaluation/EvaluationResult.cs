using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cooperation.Knowledge.Evaluation;

/// <summary>What happened for one question.</summary>
public sealed record QuestionOutcome(
    string Id,
    bool Answerable,
    int? Rank,
    bool Declined,
    bool Correct,
    int Citations,
    int CitationsVerified,
    double LatencyMs,
    string Answer);

/// <summary>The figures of an evaluation run; serialises to one JSON object.</summary>
public sealed record EvaluationResult(
    int Questions,
    int Answerable,
    int Unanswerable,
    double RecallAt1,
    double RecallAt5,
    double MeanReciprocalRank,
    double AnswerAccuracy,
    double DeclinePrecision,
    double DeclineRecall,
    double CitationsVerified,
    double LatencyP50Ms,
    double LatencyP95Ms,
    IReadOnlyList<QuestionOutcome> Outcomes)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToReport()
    {
        var c = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine(c, $"Questions: {Questions} ({Answerable} answerable, {Unanswerable} unanswerable)");
        report.AppendLine(c, $"Recall@1: {RecallAt1:F3}   Recall@5: {RecallAt5:F3}   MRR: {MeanReciprocalRank:F3}");
        report.AppendLine(c, $"Answer accuracy: {AnswerAccuracy:F3}");
        report.AppendLine(c, $"Decline precision: {DeclinePrecision:F3}   Decline recall: {DeclineRecall:F3}");
        report.AppendLine(c, $"Citations verified: {CitationsVerified:P1}");
        report.AppendLine(c, $"Latency p50: {LatencyP50Ms:F0} ms   p95: {LatencyP95Ms:F0} ms");
        foreach (var outcome in Outcomes.Where(o => o.Answerable ? !o.Correct || o.Rank is null or > 5 : !o.Declined))
        {
            report.AppendLine(c, $"  miss {outcome.Id}: rank {outcome.Rank?.ToString(c) ?? "-"}, declined {outcome.Declined}, correct {outcome.Correct}");
        }

        return report.ToString();
    }
}
