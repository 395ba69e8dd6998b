using Cooperation.Bot.Protocol;

namespace Cooperation.Bot.Conversations;

/// <summary>Builds outgoing activities addressed back to whoever sent the inbound one.</summary>
internal static class Replies
{
    public static Activity Text(Activity inbound, string text)
    {
        var reply = AddressedBack(inbound, ActivityTypes.Message);
        reply.Locale = inbound.Locale;
        reply.Text = text;
        reply.TextFormat = "markdown";
        return reply;
    }

    public static Activity Typing(Activity inbound) => AddressedBack(inbound, ActivityTypes.Typing);

    private static Activity AddressedBack(Activity inbound, string type) => new()
    {
        Type = type,
        From = inbound.Recipient,
        Recipient = inbound.From,
        Conversation = inbound.Conversation,
        ChannelId = inbound.ChannelId,
        ServiceUrl = inbound.ServiceUrl,
        ReplyToId = inbound.Id,
    };
}
