using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Cooperation.Knowledge.Evaluation;

/// <summary>What happened for one question.</summary>
/// <param name="Lead">The short answer the assistant led with, if any.</param>
/// <param name="WrongLead">The assistant stated a lead that the question's expected answer contradicts (or led at all where it should have declined).</param>
public sealed record QuestionOutcome(
    string Id,
    bool Answerable,
    int? Rank,
    bool Declined,
    bool Correct,
    int Citations,
    int CitationsVerified,
    double LatencyMs,
    string Answer,
    string? Language = null,
    IReadOnlyList<string>? Tags = null,
    string? Document = null,
    string? Lead = null,
    bool WrongLead = false,
    bool OffTopic = false);

/// <summary>The trust figures of a group of questions (a language, a tag, a document, or all of them).</summary>
/// <param name="AnswersRight">Answerable questions answered right, among the answerable ones.</param>
/// <param name="AnswerPrecision">Right answers among all the answers given (an answer to an unanswerable question is wrong).</param>
/// <param name="Coverage">Answerable questions answered at all, right or wrong.</param>
/// <param name="WrongLeads">Answers whose short lead is wrong, among all the answers given.</param>
public sealed record GroupFigures(
    int Questions,
    int Answerable,
    double AnswersRight,
    double AnswerPrecision,
    double Coverage,
    double DeclinePrecision,
    double DeclineRecall,
    double WrongLeads,
    double RecallAt5);

/// <summary>The figures of an evaluation run; serialises to one JSON object.</summary>
/// <param name="Groups">The same figures by "language:xx", "tag:xx" (and "tag:same-language"), and "document:file".</param>
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
    IReadOnlyList<QuestionOutcome> Outcomes,
    double AnswerPrecision = 0,
    double Coverage = 0,
    int WrongLeadCount = 0,
    double WrongLeads = 0,
    double OffTopicDeclined = 1,
    IReadOnlyDictionary<string, GroupFigures>? Groups = null)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = false, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public string ToReport()
    {
        var c = CultureInfo.InvariantCulture;
        var report = new StringBuilder();
        report.AppendLine(c, $"Questions: {Questions} ({Answerable} answerable, {Unanswerable} unanswerable)");
        report.AppendLine(c, $"Recall@1: {RecallAt1:F3}   Recall@5: {RecallAt5:F3}   MRR: {MeanReciprocalRank:F3}");
        report.AppendLine(c, $"Answers right: {AnswerAccuracy:F3}   Answer precision: {AnswerPrecision:F3}   Coverage: {Coverage:F3}");
        report.AppendLine(c, $"Decline precision: {DeclinePrecision:F3}   Decline recall: {DeclineRecall:F3}   Off-topic declined: {OffTopicDeclined:P0}");
        report.AppendLine(c, $"Wrong leads: {WrongLeadCount} ({WrongLeads:P1} of answers)");
        report.AppendLine(c, $"Citations verified: {CitationsVerified:P1}");
        report.AppendLine(c, $"Latency p50: {LatencyP50Ms:F0} ms   p95: {LatencyP95Ms:F0} ms");
        if (Groups is { Count: > 0 })
        {
            report.AppendLine("By group:           questions  right  precision  coverage  decline P/R   wrong leads  R@5");
            foreach (var (name, g) in Groups)
            {
                report.AppendLine(c, $"  {name,-38} {g.Questions,4}  {g.AnswersRight,5:F2}  {g.AnswerPrecision,9:F2}  {g.Coverage,8:F2}  {g.DeclinePrecision,4:F2}/{g.DeclineRecall,4:F2}  {g.WrongLeads,11:P0}  {g.RecallAt5,4:F2}");
            }
        }

        foreach (var outcome in Outcomes.Where(o => o.Answerable ? !o.Correct || o.Rank is null or > 5 : !o.Declined))
        {
            report.AppendLine(c, $"  miss {outcome.Id}: rank {outcome.Rank?.ToString(c) ?? "-"}, declined {outcome.Declined}, correct {outcome.Correct}{(outcome.WrongLead ? ", wrong lead " + outcome.Lead : "")}");
        }

        return report.ToString();
    }
}
