using System.Diagnostics;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Evaluation;

/// <summary>
/// Runs a questions file against the index and the assistant and computes retrieval, answer, decline,
/// citation and latency figures. A retrieval hit is a passage of the expected document that contains one
/// of the question's evidence quotes; the caller says which file each indexed document came from.
/// </summary>
public sealed class EvaluationRunner
{
    private readonly IKnowledgeSearch search;
    private readonly IRulesAssistant assistant;

    internal EvaluationRunner(IKnowledgeSearch search, IRulesAssistant assistant)
    {
        this.search = search;
        this.assistant = assistant;
    }

    private const int RetrievalDepth = 10;

    public async Task<EvaluationResult> RunAsync(
        IReadOnlyList<EvaluationQuestion> questions,
        IReadOnlyCollection<Guid> workspaceIds,
        Func<Guid, string?> fileNameOfDocument,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(fileNameOfDocument);
        var outcomes = new List<QuestionOutcome>();
        foreach (var question in questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int? rank = null;
            if (question.Answerable && question.SourceDocument is not null)
            {
                var hits = await search.SearchAsync(question.Question, workspaceIds, RetrievalDepth, cancellationToken).ConfigureAwait(false);
                for (var i = 0; i < hits.Count; i++)
                {
                    if (IsHit(hits[i], question, fileNameOfDocument))
                    {
                        rank = i + 1;
                        break;
                    }
                }
            }

            var started = Stopwatch.GetTimestamp();
            var answer = await assistant.AskAsync(new AskRequest(question.Question, workspaceIds), cancellationToken).ConfigureAwait(false);
            var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            var verified = 0;
            foreach (var citation in answer.Citations)
            {
                if (await VerifyAsync(citation, workspaceIds, cancellationToken).ConfigureAwait(false))
                {
                    verified++;
                }
            }

            var correct = question.Answerable && !answer.Declined && question.MustContain.All(entry => ContainsAny(answer.Text, entry));
            outcomes.Add(new QuestionOutcome(question.Id, question.Answerable, rank, answer.Declined, correct, answer.Citations.Count, verified, latency, answer.Text));
        }

        return Summarise(outcomes);
    }

    private static bool IsHit(KnowledgeHit hit, EvaluationQuestion question, Func<Guid, string?> fileNameOfDocument) =>
        IsRetrievalHit(question, fileNameOfDocument(hit.DocumentId), hit.Text);

    /// <summary>
    /// Whether a passage counts as retrieved evidence for the question: it comes from the expected file and holds one
    /// of the evidence quotes, whitespace-normalised. Public so that other retrievers (the benchmark's baseline) are
    /// scored by the same rule.
    /// </summary>
    public static bool IsRetrievalHit(EvaluationQuestion question, string? fileName, string passageText)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(passageText);
        return string.Equals(fileName, question.SourceDocument, StringComparison.OrdinalIgnoreCase)
            && question.Evidence.Any(quote => TextNormalizer.ContainsQuote(passageText, quote));
    }

    /// <summary>An entry with '|' lists alternatives; any one, case-insensitive, is enough.</summary>
    public static bool ContainsAny(string answer, string entry) =>
        entry.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Any(alternative => answer.Contains(alternative, StringComparison.OrdinalIgnoreCase));

    /// <summary>A citation verifies when its quote occurs, whitespace-normalised, in a passage of the cited document.</summary>
    private async Task<bool> VerifyAsync(Citation citation, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        var passages = await search.PassagesOfAsync(citation.DocumentId, workspaceIds, cancellationToken).ConfigureAwait(false);
        return passages.Any(p => p.Version == citation.Version && TextNormalizer.ContainsQuote(p.Text, citation.Quote));
    }

    private static EvaluationResult Summarise(List<QuestionOutcome> outcomes)
    {
        var answerable = outcomes.Where(o => o.Answerable).ToList();
        var unanswerable = outcomes.Where(o => !o.Answerable).ToList();
        var declined = outcomes.Where(o => o.Declined).ToList();
        double Share(int part, int whole) => whole == 0 ? 1 : (double)part / whole;
        var latencies = outcomes.Select(o => o.LatencyMs).Order().ToList();
        var citations = outcomes.Sum(o => o.Citations);
        return new EvaluationResult(
            outcomes.Count,
            answerable.Count,
            unanswerable.Count,
            Share(answerable.Count(o => o.Rank == 1), answerable.Count),
            Share(answerable.Count(o => o.Rank is >= 1 and <= 5), answerable.Count),
            answerable.Count == 0 ? 0 : answerable.Sum(o => o.Rank is { } r ? 1.0 / r : 0) / answerable.Count,
            Share(answerable.Count(o => o.Correct), answerable.Count),
            Share(declined.Count(o => !o.Answerable), declined.Count),
            Share(unanswerable.Count(o => o.Declined), unanswerable.Count),
            Share(outcomes.Sum(o => o.CitationsVerified), citations),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            outcomes);
    }

    private static double Percentile(List<double> sorted, double share)
    {
        if (sorted.Count == 0)
        {
            return 0;
        }

        var index = (int)Math.Ceiling(share * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }
}
