using System.Text.Json.Nodes;

namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>Activities shaped like the ones Teams sends.</summary>
public static class Activities
{
    public const string BotId = "28:bot-app-id";
    public const string TenantId = "9b1c2d3e-0000-4000-8000-00000000abcd";

    public static JsonObject Message(string serviceUrl, string text, string conversationId = "a:personal-chat-1", string userAad = "aad-user-1") => new()
    {
        ["type"] = "message",
        ["id"] = "1700000000001",
        ["timestamp"] = "2026-03-01T10:00:00.123Z",
        ["serviceUrl"] = serviceUrl,
        ["channelId"] = "msteams",
        ["from"] = new JsonObject { ["id"] = "29:user-1", ["name"] = "Amina Diallo", ["aadObjectId"] = userAad },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "personal", ["tenantId"] = TenantId },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "Hub Bot" },
        ["text"] = text,
        ["textFormat"] = "plain",
        ["locale"] = "en-US",
        ["channelData"] = new JsonObject { ["tenant"] = new JsonObject { ["id"] = TenantId } },
    };

    public static JsonObject GroupMention(string serviceUrl, string question, string conversationId = "19:group-chat@thread.v2")
    {
        var activity = Message(serviceUrl, $"<at>Hub Bot</at> {question}", conversationId);
        activity["conversation"]!["conversationType"] = "groupChat";
        activity["conversation"]!["isGroup"] = true;
        activity["entities"] = new JsonArray(
            new JsonObject
            {
                ["type"] = "mention",
                ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "Hub Bot" },
                ["text"] = "<at>Hub Bot</at>",
            },
            new JsonObject { ["type"] = "clientInfo", ["locale"] = "en-US" });
        return activity;
    }

    public static JsonObject Feedback(string serviceUrl, string reaction, string? feedbackText, string replyToId = "reply-1")
    {
        var activity = Message(serviceUrl, string.Empty);
        activity.Remove("text");
        activity["type"] = "invoke";
        activity["name"] = "message/submitAction";
        activity["replyToId"] = replyToId;
        activity["value"] = new JsonObject
        {
            ["actionName"] = "feedback",
            ["actionValue"] = new JsonObject
            {
                ["reaction"] = reaction,
                ["feedback"] = feedbackText is null ? null : new JsonObject { ["feedbackText"] = feedbackText }.ToJsonString(),
            },
        };
        return activity;
    }
}
