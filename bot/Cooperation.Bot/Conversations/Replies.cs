using Cooperation.Bot.Protocol;

namespace Cooperation.Bot.Conversations;

/// <summary>Builds outgoing activities addressed back to whoever sent the inbound one.</summary>
internal static class Replies
{
    public static Activity Text(Activity inbound, string text) => new()
    {
        Type = ActivityTypes.Message,
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ChannelId = inbound.ChannelId,
        ServiceUrl = inbound.ServiceUrl,
        ReplyToId = inbound.Id,
        Locale = inbound.Locale,
        Text = text,
        TextFormat = "markdown",
    };

    public static Activity Typing(Activity inbound) => new()
    {
        Type = ActivityTypes.Typing,
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ChannelId = inbound.ChannelId,
        ServiceUrl = inbound.ServiceUrl,
        ReplyToId = inbound.Id,
    };
}
