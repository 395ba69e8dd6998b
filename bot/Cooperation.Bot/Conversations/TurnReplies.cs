using Cooperation.Bot.Connector;
using Cooperation.Bot.Protocol;

namespace Cooperation.Bot.Conversations;

/// <summary>Where the replies of one turn go: to the connector, or into the HTTP answer for expectReplies.</summary>
internal interface ITurnReplies
{
    Task SendAsync(Activity reply, CancellationToken cancellationToken);

    /// <summary>False where a typing indicator means nothing (the caller waits for the whole answer anyway).</summary>
    bool ShowsTyping { get; }
}

internal sealed class ConnectorReplies(BotConnectorClient connector, Activity inbound) : ITurnReplies
{
    public bool ShowsTyping => true;

    public Task SendAsync(Activity reply, CancellationToken cancellationToken) =>
        inbound.Id is { Length: > 0 } replyToId
            ? connector.ReplyToActivityAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, replyToId, reply, cancellationToken)
            : connector.SendToConversationAsync(inbound.ServiceUrl!, inbound.Conversation!.Id!, reply, cancellationToken);
}

internal sealed class BufferedReplies : ITurnReplies
{
    private readonly List<Activity> _activities = [];

    public bool ShowsTyping => false;

    public IReadOnlyList<Activity> Activities => _activities;

    public Task SendAsync(Activity reply, CancellationToken cancellationToken)
    {
        lock (_activities)
        {
            _activities.Add(reply);
        }

        return Task.CompletedTask;
    }
}

/// <summary>The status and body of the HTTP answer to an invoke activity.</summary>
internal sealed record InvokeResponse(int Status, System.Text.Json.Nodes.JsonNode? Body = null);
