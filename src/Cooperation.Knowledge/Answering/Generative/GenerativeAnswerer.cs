using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Cooperation.Knowledge.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Microsoft.SemanticKernel.Connectors.OpenAI;

namespace Cooperation.Knowledge.Answering.Generative;

/// <summary>
/// Answers through the configured chat endpoint from passages already limited to the asker's workspaces.
/// Each claim of the reply is shown only once its quote has been found in the passage it cites; claims
/// that fail are dropped, a reply with none left is declined, and an endpoint that fails, times out or
/// ignores the format gives way to the extractive answer with a notice saying why.
/// </summary>
internal sealed class GenerativeAnswerer(
    ChatKernelFactory kernels,
    IKnowledgeSearch search,
    IOptions<AssistantOptions> options,
    ILogger<GenerativeAnswerer> logger) : IGenerativeAnswerer
{
    private readonly ChatOptions _chat = options.Value.Chat;

    public bool IsEnabled => kernels.IsEnabled;

    public async IAsyncEnumerable<AssistantStreamUpdate> AnswerStreamingAsync(
        AnswerContext context,
        IReadOnlyCollection<Guid> workspaceIds,
        Func<AssistantAnswer> fallback,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(workspaceIds);
        ArgumentNullException.ThrowIfNull(fallback);
        var started = Stopwatch.GetTimestamp();
        var passages = new NumberedPassages(context.Passages.Where(p => workspaceIds.Contains(p.WorkspaceId)));
        var canSearch = _chat.MaxModelSearches > 0;
        var materials = new MaterialsPlugin(search, workspaceIds, passages, _chat.MaxModelSearches);
        var kernel = kernels.CreateForRequest(materials);
        var history = GroundedPrompt.Build(context, passages, canSearch);
        var settings = new OpenAIPromptExecutionSettings { FunctionChoiceBehavior = canSearch ? FunctionChoiceBehavior.Auto() : null };
        var reader = new ClaimReader();
        var answer = new VerifiedAnswerBuilder(context.Plan.Language);

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_chat.Timeout);
        string? failure = null;
        Exception? error = null;
        var stream = kernel.GetRequiredService<IChatCompletionService>()
            .GetStreamingChatMessageContentsAsync(history, settings, kernel, deadline.Token)
            .GetAsyncEnumerator(deadline.Token);
        try
        {
            while (true)
            {
                string? text;
                try
                {
                    if (!await stream.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    text = stream.Current.Content;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = deadline.IsCancellationRequested ? ChatFailure.TimedOut(_chat.Timeout) : ChatFailure.Describe(exception);
                    error = exception;
                    break;
                }

                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }

                foreach (var claim in reader.Append(text))
                {
                    if (Accept(answer, claim, passages) is { } piece)
                    {
                        yield return new AssistantStreamUpdate(piece, null);
                    }
                }
            }
        }
        finally
        {
            await DisposeQuietlyAsync(stream, cancellationToken).ConfigureAwait(false);
        }

        if (failure is not null)
        {
            GenerativeLog.FellBack(logger, failure, error);
            yield return new AssistantStreamUpdate(null, fallback() with { Notice = failure });
            yield break;
        }

        foreach (var claim in reader.Complete())
        {
            if (Accept(answer, claim, passages) is { } piece)
            {
                yield return new AssistantStreamUpdate(piece, null);
            }
        }

        GenerativeLog.Generated(logger, answer.Accepted, answer.Rejected, reader.IncompleteClaims, materials.SearchesMade);
        var elapsed = Stopwatch.GetElapsedTime(started);
        AssistantAnswer final;
        if (answer.Accepted > 0)
        {
            var notice = answer.Rejected == 0 ? null : string.Format(CultureInfo.InvariantCulture, "{0} generated claim(s) were dropped because their quotes are not in the cited passages.", answer.Rejected);
            final = new AssistantAnswer(answer.Text, false, answer.Citations, [], elapsed, notice);
        }
        else if (answer.Rejected > 0)
        {
            final = AssistantAnswers.Decline(context, elapsed) with { Notice = "The generated answer was withheld: none of its quotes could be found in the passages it cited." };
        }
        else if (reader.SawNoAnswer)
        {
            final = AssistantAnswers.Decline(context, elapsed);
        }
        else
        {
            GenerativeLog.FellBack(logger, ChatFailure.NotInFormat, null);
            final = fallback() with { Notice = ChatFailure.NotInFormat };
        }

        yield return new AssistantStreamUpdate(null, final);
    }

    private string? Accept(VerifiedAnswerBuilder answer, GeneratedClaim claim, NumberedPassages passages)
    {
        var rejectedBefore = answer.Rejected;
        var piece = answer.Add(claim, passages);
        if (answer.Rejected > rejectedBefore)
        {
            KnowledgeLog.CitationRejected(logger, claim.Quote);
        }

        return piece;
    }

    private async Task DisposeQuietlyAsync(IAsyncEnumerator<StreamingChatMessageContent> stream, CancellationToken cancellationToken)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            // The reply is already judged; a connection that fails to close changes nothing for the asker.
            GenerativeLog.StreamCloseFailed(logger, exception);
        }
    }
}
