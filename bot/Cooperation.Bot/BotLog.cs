using Microsoft.Extensions.Logging;

namespace Cooperation.Bot;

internal static partial class BotLog
{
    [LoggerMessage(1, LogLevel.Warning, "Bot:AppId is not set and Bot:AllowUnsignedLocal is on: /api/messages accepts unsigned activities from this machine only (local test mode), never as a linked account, and sends replies without a token.")]
    public static partial void LocalTestMode(ILogger logger);

    [LoggerMessage(2, LogLevel.Warning, "Activity refused, not authenticated: {Reason}")]
    public static partial void Unauthenticated(ILogger logger, string reason);

    [LoggerMessage(3, LogLevel.Information, "Activity refused with {Status}: {Detail}")]
    private static partial void BadActivity(ILogger logger, int status, string detail);

    public static void BadActivity(ILogger logger, Conversations.MessagesEndpoint.ActivityProblem problem) =>
        BadActivity(logger, problem.Status, problem.Detail);

    [LoggerMessage(4, LogLevel.Debug, "Activity {Type} from channel {ChannelId} in conversation {ConversationId}")]
    public static partial void ActivityReceived(ILogger logger, string type, string channelId, string conversationId);

    [LoggerMessage(5, LogLevel.Debug, "Activity ignored: {What}")]
    public static partial void ActivityIgnored(ILogger logger, string what);

    [LoggerMessage(6, LogLevel.Information, "Invoke {Name} has no handler; answered 501")]
    public static partial void InvokeNotHandled(ILogger logger, string name);

    [LoggerMessage(7, LogLevel.Error, "The bot backend failed for conversation {ConversationId}")]
    public static partial void BackendFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(8, LogLevel.Error, "Processing a {Type} activity failed")]
    public static partial void TurnFailed(ILogger logger, string type, Exception exception);

    [LoggerMessage(9, LogLevel.Warning, "Reply to conversation {ConversationId} could not be sent")]
    public static partial void ReplyFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(10, LogLevel.Debug, "Typing indicator for conversation {ConversationId} could not be sent")]
    public static partial void TypingFailed(ILogger logger, string conversationId, Exception exception);

    [LoggerMessage(11, LogLevel.Warning, "Conversation {ConversationId} blocks the bot ({Code}); no more messages go to it")]
    public static partial void ConversationBlocked(ILogger logger, string conversationId, string code);

    [LoggerMessage(12, LogLevel.Information, "Bot Connector answered {Status} (attempt {Attempt}); retrying in {Wait}")]
    public static partial void ConnectorRetry(ILogger logger, int status, int attempt, TimeSpan wait);

    [LoggerMessage(13, LogLevel.Warning, "Bot Connector at {Host} unreachable (attempt {Attempt}); retrying in {Wait}")]
    public static partial void ConnectorUnreachable(ILogger logger, string host, int attempt, TimeSpan wait, Exception exception);

    [LoggerMessage(14, LogLevel.Information, "Signing key not known; fetching the issuer's keys again")]
    public static partial void SigningKeysRefreshRequested(ILogger logger);

    [LoggerMessage(15, LogLevel.Debug, "Notification sent to conversation {ConversationId}")]
    public static partial void NotificationSent(ILogger logger, string conversationId);

    [LoggerMessage(17, LogLevel.Information, "Bot:AppId is not set: /api/messages refuses every activity (set Bot:AllowUnsignedLocal for local testing).")]
    public static partial void NoAppId(ILogger logger);

    [LoggerMessage(16, LogLevel.Information, "Turn in conversation {ConversationId} is taking longer than {Budget}; answering the channel now, the reply follows through the connector")]
    public static partial void TurnContinues(ILogger logger, string conversationId, TimeSpan budget);
}
