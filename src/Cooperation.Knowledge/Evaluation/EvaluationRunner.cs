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
            outcomes.Add(new QuestionOutcome(
                question.Id,
                question.Answerable,
                rank,
                answer.Declined,
                correct,
                answer.Citations.Count,
                verified,
                latency,
                answer.Text,
                question.Language,
                question.Tags ?? [],
                question.SourceDocument,
                answer.Lead,
                !answer.Declined && IsWrongLead(question, answer.Lead),
                question.IsOffTopic));
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

    /// <summary>
    /// Whether a stated lead misleads: any lead on a question the materials do not answer; for a yes/no question, the
    /// opposite of the expected yes or no; for a period, amount or count, a figure without the expected one. No lead is
    /// never wrong, and a lead on a question of another kind (a definition, a procedure) is not judged.
    /// </summary>
    public static bool IsWrongLead(EvaluationQuestion question, string? lead)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (string.IsNullOrWhiteSpace(lead))
        {
            return false;
        }

        if (!question.Answerable)
        {
            return true;
        }

        var expectedYes = ExpectedPolarity(question);
        if (expectedYes is not null)
        {
            var statedYes = Polarity(lead);
            return statedYes is not null && statedYes != expectedYes;
        }

        return question.Kind is "number" && !question.MustContain.All(entry => ContainsAny(lead, entry));
    }

    /// <summary>True for an expected "yes", false for "no", null when the question is not a yes/no question.</summary>
    private static bool? ExpectedPolarity(EvaluationQuestion question)
    {
        if (question.Lead is { } lead && Polarity(lead) is { } stated)
        {
            return stated;
        }

        if (question.Kind != "yes-no")
        {
            return null;
        }

        var words = question.MustContain.SelectMany(e => e.Split('|', StringSplitOptions.TrimEntries)).ToList();
        return words.Any(w => Polarity(w) == false) ? false : words.Any(w => Polarity(w) == true) ? true : null;
    }

    private static bool? Polarity(string text)
    {
        var t = text.Trim().TrimEnd('.', '。', '!', '！').ToLowerInvariant();
        return t switch
        {
            "yes" or "oui" or "да" or "是" or "可以" or "是的" => true,
            "no" or "not" or "non" or "нет" or "不" or "否" or "不是" or "不可以" or "不能" => false,
            _ when t.StartsWith("yes", StringComparison.Ordinal) || t.StartsWith('是') => true,
            _ when t.StartsWith("no", StringComparison.Ordinal) || t.StartsWith('不') || t.StartsWith('否') => false,
            _ => null,
        };
    }

    /// <summary>A citation verifies when its quote occurs, whitespace-normalised, in a passage of the cited document.</summary>
    private async Task<bool> VerifyAsync(Citation citation, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        var passages = await search.PassagesOfAsync(citation.DocumentId, workspaceIds, cancellationToken).ConfigureAwait(false);
        return passages.Any(p => p.Version == citation.Version && TextNormalizer.ContainsQuote(p.Text, citation.Quote));
    }

    /// <summary>The figures of a set of outcomes; the trainer judges its simulated answers with it too.</summary>
    internal static EvaluationResult Summarise(List<QuestionOutcome> outcomes)
    {
        var answerable = outcomes.Where(o => o.Answerable).ToList();
        var latencies = outcomes.Select(o => o.LatencyMs).Order().ToList();
        var citations = outcomes.Sum(o => o.Citations);
        var all = Figures(outcomes);
        var offTopic = outcomes.Where(o => o.OffTopic).ToList();
        return new EvaluationResult(
            outcomes.Count,
            answerable.Count,
            outcomes.Count - answerable.Count,
            Share(answerable.Count(o => o.Rank == 1), answerable.Count),
            all.RecallAt5,
            answerable.Count == 0 ? 0 : answerable.Sum(o => o.Rank is { } r ? 1.0 / r : 0) / answerable.Count,
            all.AnswersRight,
            all.DeclinePrecision,
            all.DeclineRecall,
            Share(outcomes.Sum(o => o.CitationsVerified), citations),
            Percentile(latencies, 0.50),
            Percentile(latencies, 0.95),
            outcomes,
            all.AnswerPrecision,
            all.Coverage,
            outcomes.Count(o => o.WrongLead),
            all.WrongLeads,
            Share(offTopic.Count(o => o.Declined), offTopic.Count),
            Groups(outcomes));
    }

    /// <summary>By language, by tag (with "same-language" for answerable questions not tagged cross-lingual) and by document.</summary>
    private static SortedDictionary<string, GroupFigures> Groups(List<QuestionOutcome> outcomes)
    {
        var groups = new SortedDictionary<string, GroupFigures>(StringComparer.Ordinal);
        void Add(string name, IEnumerable<QuestionOutcome> members)
        {
            var list = members.ToList();
            if (list.Count > 0)
            {
                groups[name] = Figures(list);
            }
        }

        foreach (var language in outcomes.Select(o => o.Language).OfType<string>().Distinct())
        {
            Add("language:" + language, outcomes.Where(o => o.Language == language));
        }

        foreach (var tag in outcomes.SelectMany(o => o.Tags ?? []).Distinct(StringComparer.Ordinal))
        {
            Add("tag:" + tag, outcomes.Where(o => o.Tags?.Contains(tag) == true));
        }

        Add("tag:same-language", outcomes.Where(o => o.Answerable && o.Tags?.Contains("cross-lingual") != true));
        foreach (var document in outcomes.Select(o => o.Document).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            Add("document:" + document, outcomes.Where(o => o.Document == document));
        }

        return groups;
    }

    private static GroupFigures Figures(List<QuestionOutcome> outcomes)
    {
        var answerable = outcomes.Where(o => o.Answerable).ToList();
        var unanswerable = outcomes.Where(o => !o.Answerable).ToList();
        var declined = outcomes.Where(o => o.Declined).ToList();
        var answered = outcomes.Where(o => !o.Declined).ToList();
        return new GroupFigures(
            outcomes.Count,
            answerable.Count,
            Share(answerable.Count(o => o.Correct), answerable.Count),
            Share(answered.Count(o => o.Correct), answered.Count),
            Share(answerable.Count(o => !o.Declined), answerable.Count),
            Share(declined.Count(o => !o.Answerable), declined.Count),
            Share(unanswerable.Count(o => o.Declined), unanswerable.Count),
            answered.Count == 0 ? 0 : (double)answered.Count(o => o.WrongLead) / answered.Count,
            Share(answerable.Count(o => o.Rank is >= 1 and <= 5), answerable.Count));
    }

    private static double Share(int part, int whole) => whole == 0 ? 1 : (double)part / whole;

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
