using Cooperation.Bot.Protocol;
using Cooperation.Knowledge;

namespace Cooperation.Bot;

/// <summary>
/// What the bot needs from the host. The host implements it (it may be scoped: it is resolved from the
/// request's services, and from a fresh scope for proactive sends).
/// </summary>
public interface ITeamsBotBackend
{
    /// <summary>
    /// Answers a question for the Teams user. The host decides which workspaces the user may read:
    /// public ones only while the Teams user is not linked to a hub account, the person's own once linked.
    /// </summary>
    Task<AssistantAnswer> AskAsync(TeamsUser user, string question, CancellationToken cancellationToken);

    /// <summary>A link that opens the cited section on the site, or null when there is none.</summary>
    Uri? GetCitationLink(Citation citation);

    /// <summary>Creates a one-time code that a signed-in person enters on the site to link this Teams user.</summary>
    Task<LinkCode> CreateLinkCodeAsync(TeamsUser user, CancellationToken cancellationToken);

    /// <summary>
    /// Stores (upserts by conversation id) where proactive messages for this conversation go. Called on
    /// install and on every message; a stored reference also means the conversation is writable again.
    /// </summary>
    Task SaveConversationReferenceAsync(ConversationReference reference, CancellationToken cancellationToken);

    /// <summary>The user blocked or removed the bot: nothing more should be sent to this conversation.</summary>
    Task MarkConversationBlockedAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>True after <see cref="MarkConversationBlockedAsync"/> until the reference is saved again.</summary>
    Task<bool> IsConversationBlockedAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Stores a like or dislike (with optional text) on one of the bot's answers, for administrators.</summary>
    Task SaveFeedbackAsync(BotFeedback feedback, CancellationToken cancellationToken);

    /// <summary>Plain text for the <c>programmes</c> command: the user's upcoming sessions, or that scheduling is not available.</summary>
    Task<string> DescribeProgrammesAsync(TeamsUser user, CancellationToken cancellationToken);
}

/// <summary>The person behind an activity, as Teams identifies them.</summary>
/// <param name="Id">The channel's user id (<c>29:...</c> in Teams).</param>
/// <param name="AadObjectId">The Entra object id, which the link ties to a hub account; null outside Teams.</param>
/// <param name="TenantId">The Entra tenant of the conversation.</param>
public sealed record TeamsUser(string Id, string? Name, string? AadObjectId, string? TenantId);

/// <param name="Code">What the person types on the site.</param>
/// <param name="EnterAt">The site page where the code is entered.</param>
public sealed record LinkCode(string Code, Uri? EnterAt, DateTimeOffset ExpiresAt);

/// <param name="ActivityId">The bot message the feedback is about (the invoke's replyToId).</param>
/// <param name="Reaction"><c>like</c> or <c>dislike</c>.</param>
/// <param name="Text">What the person wrote in the feedback form, if anything.</param>
public sealed record BotFeedback(
    TeamsUser User,
    string ConversationId,
    string? ActivityId,
    string Reaction,
    string? Text,
    DateTimeOffset ReceivedAt);

/// <summary>
/// Sends proactive messages (document notifications, programme reminders) to stored conversations.
/// A singleton: use it from anywhere. Sends are paced and retried like replies; when the connector
/// still refuses, <see cref="Connector.BotConnectorException"/> is thrown.
/// </summary>
public interface ITeamsNotifier
{
    Task<NotificationOutcome> SendTextAsync(ConversationReference reference, string text, CancellationToken cancellationToken);

    /// <param name="adaptiveCard">The card's JSON (an object with <c>"type":"AdaptiveCard"</c>).</param>
    /// <param name="summary">Text shown in notifications and by clients that cannot show cards.</param>
    Task<NotificationOutcome> SendCardAsync(ConversationReference reference, string summary, System.Text.Json.Nodes.JsonObject adaptiveCard, CancellationToken cancellationToken);
}

public enum NotificationOutcome
{
    Sent,

    /// <summary>The conversation is blocked (now or earlier); nothing was sent and the backend was told.</summary>
    ConversationBlocked,
}
