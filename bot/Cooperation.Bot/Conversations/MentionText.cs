using System.Text.Json.Nodes;
using Cooperation.Bot.Protocol;

namespace Cooperation.Bot.Conversations;

/// <summary>In group chats and channels the text starts with the bot's @mention; the question is what remains.</summary>
internal static class MentionText
{
    public static string WithoutBotMention(Activity activity)
    {
        var text = activity.Text ?? string.Empty;
        var botId = activity.Recipient?.Id;
        if (botId is null || activity.Entities is null)
        {
            return text.Trim();
        }

        foreach (var entity in activity.Entities)
        {
            if (!IsMentionOf(entity, botId))
            {
                continue;
            }

            var mentionText = entity["text"] is JsonValue value && value.TryGetValue<string>(out var written) && written.Length > 0
                ? written
                : $"<at>{ReadString(entity["mentioned"], "name")}</at>";
            text = text.Replace(mentionText, string.Empty, StringComparison.OrdinalIgnoreCase);
        }

        return text.Trim();
    }

    private static bool IsMentionOf(JsonObject entity, string botId) =>
        entity["type"] is JsonValue type && type.TryGetValue<string>(out var typeName)
        && string.Equals(typeName, "mention", StringComparison.OrdinalIgnoreCase)
        && string.Equals(ReadString(entity["mentioned"], "id"), botId, StringComparison.Ordinal);

    // Activities come from outside: a property of the wrong JSON kind is treated as absent.
    internal static string? ReadString(JsonNode? node, string property) =>
        node is JsonObject obj && obj[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
