using System.Diagnostics;
using System.Runtime.CompilerServices;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cooperation.Knowledge.Answering;

/// <summary>
/// Answers rules questions from the materials the asker may read: searches only their workspaces,
/// declines when the learned answer model judges that the materials do not answer, and otherwise answers extractively or, when a chat endpoint
/// is configured, generatively with every quote checked against the passages.
/// </summary>
internal sealed class RulesAssistant(
    IKnowledgeSearch search,
    PassageMatcher matcher,
    ExtractiveAnswerer extractive,
    AnswerModel answerModel,
    IOptions<AssistantOptions> options,
    ILogger<RulesAssistant> logger,
    IGenerativeAnswerer? generative = null) : IRulesAssistant
{
    private readonly AssistantOptions _options = options.Value;

    public async Task<AssistantAnswer> AskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        AssistantAnswer? final = null;
        await foreach (var update in AskStreamingAsync(request, cancellationToken).ConfigureAwait(false))
        {
            final = update.Final ?? final;
        }

        return final ?? throw new InvalidOperationException("The assistant produced no answer.");
    }

    public async IAsyncEnumerable<AssistantStreamUpdate> AskStreamingAsync(AskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.answer");
        var started = Stopwatch.GetTimestamp();
        var question = TextNormalizer.NormalizeWhitespace(request.Question ?? string.Empty);
        if (question.Length == 0)
        {
            yield return Final(AssistantAnswers.Refuse(AnswerLanguage.EmptyQuestion, Stopwatch.GetElapsedTime(started)));
            yield break;
        }

        if (question.Length > _options.MaxQuestionLength)
        {
            yield return Final(AssistantAnswers.Refuse(AnswerLanguage.TooLong(question.Length, _options.MaxQuestionLength), Stopwatch.GetElapsedTime(started)));
            yield break;
        }

        var workspaces = request.ReadableWorkspaceIds ?? [];
        var plan = search.Plan(question);
        if (answerModel.IsOffTopic(plan))
        {
            activity?.SetTag("knowledge.declined", true);
            var offTopic = AssistantAnswers.OffTopic(plan, Stopwatch.GetElapsedTime(started));
            KnowledgeLog.Answered(logger, offTopic.Latency.TotalMilliseconds, true, 0, 0);
            yield return Final(offTopic);
            yield break;
        }

        var context = await BuildContextAsync(plan, workspaces, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("knowledge.hits", context.Passages.Count);
        activity?.SetTag("knowledge.evidence", context.BestCoverage);
        AssistantAnswer answer;
        if (ShouldDecline(context))
        {
            answer = AssistantAnswers.Decline(context, Stopwatch.GetElapsedTime(started));
        }
        else if (generative is not null && generative.IsEnabled)
        {
            AssistantAnswer? generated = null;
            await foreach (var update in generative.AnswerStreamingAsync(context, workspaces, () => extractive.Answer(context, Stopwatch.GetElapsedTime(started)), cancellationToken).ConfigureAwait(false))
            {
                if (update.Final is not null)
                {
                    generated = update.Final;
                }
                else
                {
                    yield return update;
                }
            }

            answer = (generated ?? extractive.Answer(context, Stopwatch.GetElapsedTime(started))) with { Latency = Stopwatch.GetElapsedTime(started) };
        }
        else
        {
            answer = extractive.Answer(context, Stopwatch.GetElapsedTime(started));
            yield return new AssistantStreamUpdate(answer.Text, null);
        }

        activity?.SetTag("knowledge.declined", answer.Declined);
        activity?.SetTag("knowledge.latency_ms", answer.Latency.TotalMilliseconds);
        KnowledgeLog.Answered(logger, answer.Latency.TotalMilliseconds, answer.Declined, answer.Citations.Count, context.BestCoverage);
        yield return Final(answer);
    }

    /// <summary>Searches the readable workspaces and measures how well the best passages cover the question.</summary>
    public Task<AnswerContext> BuildContextAsync(string question, IReadOnlyCollection<Guid> workspaces, CancellationToken cancellationToken) =>
        BuildContextAsync(search.Plan(question), workspaces, cancellationToken);

    private async Task<AnswerContext> BuildContextAsync(QueryPlan plan, IReadOnlyCollection<Guid> workspaces, CancellationToken cancellationToken)
    {
        var question = plan.Question;
        var ranked = await search.SearchRankedAsync(plan, workspaces, _options.PassagesToRead, cancellationToken).ConfigureAwait(false);
        var statistics = await search.StatisticsAsync(plan, workspaces, cancellationToken).ConfigureAwait(false);
        var evidence = new Evidence(plan, statistics);
        return new AnswerContext(question, plan, ranked.Passages, evidence, evidence.BestCoverage(plan, ranked.Passages, matcher), ranked.Spans);
    }

    /// <summary>Nothing found, or the learned answer model judges the materials unlikely to answer: decline before anything is quoted.</summary>
    private bool ShouldDecline(AnswerContext context) =>
        context.Passages.Count == 0
        || context.Plan.Units.Count == 0
        || answerModel.Probability(answerModel.FeaturesOf(context)) < (_options.DeclineBelow ?? answerModel.DeclineBelow);

    private static AssistantStreamUpdate Final(AssistantAnswer answer) => new(null, answer);
}

/// <summary>An answerer backed by a language model; the extractive answer is its fallback.</summary>
internal interface IGenerativeAnswerer
{
    bool IsEnabled { get; }

    /// <summary>
    /// Streams verified text, then exactly one final answer. Never throws for endpoint failures: those
    /// end in <paramref name="fallback"/>'s answer with a notice. The final answer's text supersedes what
    /// was streamed before it.
    /// </summary>
    /// <param name="workspaceIds">The asker's readable workspaces; any search the model asks for stays inside them.</param>
    IAsyncEnumerable<AssistantStreamUpdate> AnswerStreamingAsync(AnswerContext context, IReadOnlyCollection<Guid> workspaceIds, Func<AssistantAnswer> fallback, CancellationToken cancellationToken);
}
