using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Bot.Protocol;

/// <summary>
/// Where to send a proactive message: taken from an authenticated activity, stored by the host
/// (serialize it with System.Text.Json) and handed back to <see cref="ITeamsNotifier"/>.
/// </summary>
public sealed record ConversationReference
{
    public string? ActivityId { get; init; }
    public required ChannelAccount User { get; init; }
    public ChannelAccount? Bot { get; init; }
    public required ConversationAccount Conversation { get; init; }
    public required string ChannelId { get; init; }
    public string? Locale { get; init; }
    public required string ServiceUrl { get; init; }

    /// <summary>The Teams tenant of the conversation, when the activity told it.</summary>
    [JsonIgnore]
    public string? TenantId => Conversation.TenantId;

    /// <summary>The reference as JSON, in the form <see cref="FromJson"/> reads back.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, BotJsonContext.Default.ConversationReference);

    /// <summary>Reads a reference stored with <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not a stored reference.</exception>
    public static ConversationReference FromJson(string json) =>
        JsonSerializer.Deserialize(json, BotJsonContext.Default.ConversationReference)
        ?? throw new JsonException("The stored conversation reference is empty.");

    internal static ConversationReference From(Activity activity) => new()
    {
        ActivityId = activity.Id,
        User = activity.From!,
        Bot = activity.Recipient,
        Conversation = activity.Conversation!,
        ChannelId = activity.ChannelId!,
        Locale = activity.Locale,
        ServiceUrl = activity.ServiceUrl!,
    };
}
