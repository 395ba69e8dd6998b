using System.Collections.Concurrent;

namespace Cooperation.Bot.Connector;

/// <summary>Conversations that answered 403 MessageWritesBlocked, so no more sends go to them from this process.</summary>
internal sealed class ConversationBlockList
{
    private readonly ConcurrentDictionary<string, byte> _blocked = new(StringComparer.Ordinal);

    public bool IsBlocked(string conversationId) => _blocked.ContainsKey(conversationId);

    public void Block(string conversationId) => _blocked[conversationId] = 0;

    public void Unblock(string conversationId) => _blocked.TryRemove(conversationId, out _);
}

/// <summary>The conversation does not accept messages from the bot (blocked or uninstalled).</summary>
public sealed class ConversationBlockedException(string conversationId)
    : Exception($"The conversation {conversationId} does not accept messages from the bot.")
{
    public string ConversationId { get; } = conversationId;
}

/// <summary>The connector refused a send for a reason other than a block, after any retries.</summary>
public sealed class BotConnectorException(int statusCode, string? errorCode, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public int StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;
}
