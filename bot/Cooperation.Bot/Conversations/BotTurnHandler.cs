using System.Text;
using Cooperation.Bot.Connector;
using Cooperation.Bot.Protocol;
using Microsoft.Extensions.Logging;

namespace Cooperation.Bot.Conversations;

/// <summary>What the bot does with one authenticated activity: commands, answers, feedback, installs.</summary>
internal sealed class BotTurnHandler(
    ITeamsBotBackend backend,
    ConversationBlockList blockList,
    TimeProvider timeProvider,
    ILogger<BotTurnHandler> logger)
{
    // Teams' own cap on a message; a guard before the mention is parsed. How long a question may be is the host's rule.
    internal const int MaxQuestionBytes = 28 * 1024;
    private static readonly TimeSpan TypingInterval = TimeSpan.FromSeconds(3);

    internal const string TooLongText =
        "That message is too long for me to read (the limit is 28 KB). Please ask a shorter question.";

    internal const string SorryText =
        "Sorry, I could not answer that just now. Please try again in a few minutes.";

    internal const string LinkOnlyInPersonalChatText =
        "Link codes are personal: send me **link** in a one-to-one chat and I will give you one there.";

    internal const string HelpText =
        "I answer questions about treaties, laws and procedures from the hub's documents, and cite where each answer comes from.\n\n" +
        "- Ask a question in your own words.\n" +
        "- **programmes**: your upcoming programme sessions.\n" +
        "- **link**: a one-time code that links your Teams account to your hub account, so I can answer from your workspaces.\n" +
        "- **help**: this message.";

    /// <summary>Handles the activity; for invokes returns the response, null when there is no handler for the name.</summary>
    public async Task<InvokeResponse?> HandleAsync(Activity activity, ITurnReplies replies, CancellationToken cancellationToken)
    {
        switch (activity.Type)
        {
            case ActivityTypes.Message:
                await OnMessageAsync(activity, replies, cancellationToken);
                return null;
            case ActivityTypes.Invoke:
                return await OnInvokeAsync(activity, cancellationToken);
            case ActivityTypes.ConversationUpdate:
                await OnConversationUpdateAsync(activity, replies, cancellationToken);
                return null;
            case ActivityTypes.InstallationUpdate:
                await OnInstallationUpdateAsync(activity, cancellationToken);
                return null;
            default:
                BotLog.ActivityIgnored(logger, activity.Type!);
                return null;
        }
    }

    private async Task OnMessageAsync(Activity activity, ITurnReplies replies, CancellationToken cancellationToken)
    {
        await RememberConversationAsync(activity, cancellationToken);
        if (string.IsNullOrWhiteSpace(activity.Text))
        {
            // A card submit (value, no text) or an empty message: nothing was asked.
            BotLog.ActivityIgnored(logger, "message without text");
            return;
        }

        if (Encoding.UTF8.GetByteCount(activity.Text) > MaxQuestionBytes)
        {
            await ReplyAsync(activity, replies, Replies.Text(activity, TooLongText), cancellationToken);
            return;
        }

        var text = MentionText.WithoutBotMention(activity);
        var user = UserOf(activity);
        var reply = text.ToLowerInvariant() switch
        {
            "" or "help" or "/help" => Replies.Text(activity, HelpText),
            "link" or "/link" when IsShared(activity) => Replies.Text(activity, LinkOnlyInPersonalChatText),
            "link" or "/link" => await TryBackendAsync(activity, async () => Replies.Text(activity, LinkMessage(await backend.CreateLinkCodeAsync(user, cancellationToken))), cancellationToken),
            "programmes" or "programs" or "/programmes" => await TryBackendAsync(activity, async () => Replies.Text(activity, await backend.DescribeProgrammesAsync(user, cancellationToken)), cancellationToken),
            _ => await AnswerAsync(activity, replies, user, text, cancellationToken),
        };
        await ReplyAsync(activity, replies, reply, cancellationToken);
    }

    private async Task<Activity> AnswerAsync(Activity activity, ITurnReplies replies, TeamsUser user, string question, CancellationToken cancellationToken)
    {
        var typingWorks = replies.ShowsTyping && await TrySendTypingAsync(activity, replies, cancellationToken);
        using var typingStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var typing = typingWorks ? KeepTypingAsync(activity, replies, typingStop.Token) : Task.CompletedTask;
        try
        {
            return await TryBackendAsync(
                activity,
                async () => AnswerMessage.Build(activity, await backend.AskAsync(user, question, cancellationToken), backend.GetCitationLink),
                cancellationToken);
        }
        finally
        {
            await typingStop.CancelAsync();
            await typing;
        }
    }

    // Teams shows "typing" for a few seconds per indicator, so it is repeated until the answer is ready.
    private async Task KeepTypingAsync(Activity activity, ITurnReplies replies, CancellationToken cancellationToken)
    {
        try
        {
            do
            {
                await Task.Delay(TypingInterval, timeProvider, cancellationToken);
            }
            while (await TrySendTypingAsync(activity, replies, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TrySendTypingAsync(Activity activity, ITurnReplies replies, CancellationToken cancellationToken)
    {
        try
        {
            await replies.SendAsync(Replies.Typing(activity), cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is BotConnectorException or ConversationBlockedException or HttpRequestException)
        {
            BotLog.TypingFailed(logger, activity.Conversation!.Id!, exception);
            return false;
        }
    }

    private async Task<Activity> TryBackendAsync(Activity activity, Func<Task<Activity>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            BotLog.BackendFailed(logger, activity.Conversation!.Id!, exception);
            return Replies.Text(activity, SorryText);
        }
    }

    private async Task<InvokeResponse?> OnInvokeAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (!string.Equals(activity.Name, FeedbackInvoke.Name, StringComparison.Ordinal))
        {
            BotLog.InvokeNotHandled(logger, activity.Name ?? "(none)");
            return null;
        }

        if (!FeedbackInvoke.TryRead(activity.Value, out var reaction, out var text))
        {
            return new InvokeResponse(400);
        }

        var feedback = new BotFeedback(UserOf(activity), activity.Conversation!.Id!, activity.ReplyToId, reaction, text, timeProvider.GetUtcNow());
        try
        {
            await backend.SaveFeedbackAsync(feedback, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            BotLog.BackendFailed(logger, feedback.ConversationId, exception);
            return new InvokeResponse(503);
        }

        return new InvokeResponse(200);
    }

    private async Task OnConversationUpdateAsync(Activity activity, ITurnReplies replies, CancellationToken cancellationToken)
    {
        var botId = activity.Recipient?.Id;
        if (botId is null || activity.MembersAdded?.Any(member => member.Id == botId) != true)
        {
            return;
        }

        await RememberConversationAsync(activity, cancellationToken);
        await ReplyAsync(activity, replies, Replies.Text(activity, HelpText), cancellationToken);
    }

    private async Task OnInstallationUpdateAsync(Activity activity, CancellationToken cancellationToken)
    {
        var action = activity.Action ?? string.Empty;
        if (action.StartsWith("add", StringComparison.OrdinalIgnoreCase))
        {
            await RememberConversationAsync(activity, cancellationToken);
        }
        else if (action.StartsWith("remove", StringComparison.OrdinalIgnoreCase))
        {
            await BlockAsync(activity.Conversation!.Id!, cancellationToken);
        }
    }

    private async Task RememberConversationAsync(Activity activity, CancellationToken cancellationToken)
    {
        blockList.Unblock(activity.Conversation!.Id!);
        try
        {
            await backend.SaveConversationReferenceAsync(ConversationReference.From(activity), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Answering matters more than remembering the conversation for later notifications.
            BotLog.BackendFailed(logger, activity.Conversation.Id!, exception);
        }
    }

    private async Task ReplyAsync(Activity activity, ITurnReplies replies, Activity reply, CancellationToken cancellationToken)
    {
        try
        {
            await replies.SendAsync(reply, cancellationToken);
        }
        catch (ConversationBlockedException blocked)
        {
            await BlockAsync(blocked.ConversationId, cancellationToken);
        }
        catch (Exception exception) when (exception is BotConnectorException or HttpRequestException)
        {
            BotLog.ReplyFailed(logger, activity.Conversation!.Id!, exception);
        }
    }

    private async Task BlockAsync(string conversationId, CancellationToken cancellationToken)
    {
        blockList.Block(conversationId);
        try
        {
            await backend.MarkConversationBlockedAsync(conversationId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            BotLog.BackendFailed(logger, conversationId, exception);
        }
    }

    // A code shown in a group chat or channel could be entered by someone else on the site.
    private static bool IsShared(Activity activity) =>
        activity.Conversation!.IsGroup == true
        || activity.Conversation.ConversationType is { } type && !string.Equals(type, "personal", StringComparison.OrdinalIgnoreCase);

    private static TeamsUser UserOf(Activity activity) => new(
        activity.From!.Id!,
        activity.From.Name,
        activity.From.AadObjectId,
        activity.Conversation?.TenantId ?? MentionText.ReadString(activity.ChannelData?["tenant"], "id"));

    private static string LinkMessage(LinkCode code)
    {
        var where = code.EnterAt is null ? "on the hub's account page" : $"at {code.EnterAt}";
        return $"Your link code is **{code.Code}**. Sign in to the hub and enter it {where} before {code.ExpiresAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC. " +
            "Until then I answer only from public workspaces.";
    }
}
