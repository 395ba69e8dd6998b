using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cooperation.Bot.Protocol;

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(Activity))]
[JsonSerializable(typeof(ResourceResponse))]
[JsonSerializable(typeof(ExpectedReplies))]
[JsonSerializable(typeof(ConnectorErrorResponse))]
[JsonSerializable(typeof(ConversationReference))]
internal sealed partial class BotJsonContext : JsonSerializerContext;
