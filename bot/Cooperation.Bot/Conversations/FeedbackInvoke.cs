using System.Text.Json;
using System.Text.Json.Nodes;

namespace Cooperation.Bot.Conversations;

/// <summary>Reads the <c>message/submitAction</c> invoke Teams sends when someone uses the feedback buttons.</summary>
internal static class FeedbackInvoke
{
    public const string Name = "message/submitAction";
    private const int MaxTextLength = 4_000;

    public static bool TryRead(JsonNode? value, out string reaction, out string? text)
    {
        reaction = string.Empty;
        text = null;
        if (value is not JsonObject body
            || !string.Equals(MentionText.ReadString(body, "actionName"), "feedback", StringComparison.Ordinal)
            || body["actionValue"] is not JsonObject actionValue)
        {
            return false;
        }

        var given = MentionText.ReadString(actionValue, "reaction");
        if (given is not ("like" or "dislike"))
        {
            return false;
        }

        reaction = given;
        text = ReadFeedbackText(MentionText.ReadString(actionValue, "feedback"));
        return true;
    }

    // Teams sends the form as a JSON string inside the JSON: {"feedbackText":"..."}.
    private static string? ReadFeedbackText(string? feedback)
    {
        if (string.IsNullOrWhiteSpace(feedback))
        {
            return null;
        }

        string? text;
        try
        {
            text = MentionText.ReadString(JsonNode.Parse(feedback), "feedbackText");
        }
        catch (JsonException)
        {
            text = feedback;
        }

        text = text?.Trim();
        return string.IsNullOrEmpty(text) ? null : text.Length <= MaxTextLength ? text : text[..MaxTextLength];
    }
}
