using System.Text.Json.Nodes;
using Cooperation.Bot.Connector;
using Cooperation.Bot.Conversations;
using Cooperation.Bot.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooperation.Bot.Notifications;

/// <summary>Proactive sends to stored conversations. Safe to use from singletons and background services.</summary>
internal sealed class TeamsNotifier(
    BotConnectorClient connector,
    ConversationBlockList blockList,
    IServiceScopeFactory scopeFactory,
    ILogger<TeamsNotifier> logger) : ITeamsNotifier
{
    public Task<NotificationOutcome> SendTextAsync(ConversationReference reference, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var activity = NewMessage(reference);
        activity.Text = text;
        return SendAsync(reference, activity, cancellationToken);
    }

    public Task<NotificationOutcome> SendCardAsync(ConversationReference reference, string summary, JsonObject adaptiveCard, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adaptiveCard);
        var activity = NewMessage(reference);
        activity.Summary = summary;
        activity.Attachments = [new Attachment { ContentType = "application/vnd.microsoft.card.adaptive", Content = adaptiveCard.DeepClone() }];
        return SendAsync(reference, activity, cancellationToken);
    }

    private async Task<NotificationOutcome> SendAsync(ConversationReference reference, Activity activity, CancellationToken cancellationToken)
    {
        var conversationId = reference.Conversation.Id
            ?? throw new ArgumentException("The conversation reference has no conversation id.", nameof(reference));
        await using var scope = scopeFactory.CreateAsyncScope();
        var backend = scope.ServiceProvider.GetRequiredService<ITeamsBotBackend>();
        if (blockList.IsBlocked(conversationId) || await backend.IsConversationBlockedAsync(conversationId, cancellationToken))
        {
            return NotificationOutcome.ConversationBlocked;
        }

        try
        {
            await connector.SendToConversationAsync(reference.ServiceUrl, conversationId, activity, cancellationToken);
            BotLog.NotificationSent(logger, conversationId);
            return NotificationOutcome.Sent;
        }
        catch (ConversationBlockedException)
        {
            await backend.MarkConversationBlockedAsync(conversationId, cancellationToken);
            return NotificationOutcome.ConversationBlocked;
        }
    }

    private static Activity NewMessage(ConversationReference reference) => new()
    {
        Type = ActivityTypes.Message,
        From = reference.Bot,
        Recipient = reference.User,
        Conversation = reference.Conversation,
        ChannelId = reference.ChannelId,
        ServiceUrl = reference.ServiceUrl,
        Locale = reference.Locale,
        TextFormat = "markdown",
    };
}
