using System.Collections.Concurrent;

namespace Cooperation.Bot.Connector;

/// <summary>
/// Keeps sends to one conversation within Teams' per-bot, per-thread limits (7 per second, 8 per two
/// seconds, 60 per thirty seconds) by waiting before a send that would exceed them.
/// </summary>
internal sealed class ConversationPacer(TimeProvider timeProvider)
{
    internal static readonly (int Count, TimeSpan Window)[] Limits =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
    ];

    private static readonly int History = Limits.Max(limit => limit.Count);
    private static readonly TimeSpan LongestWindow = Limits.Max(limit => limit.Window);

    private readonly ConcurrentDictionary<string, Conversation> _conversations = new(StringComparer.Ordinal);

    /// <summary>Waits until one more send to the conversation is allowed, and counts it.</summary>
    public async Task WaitTurnAsync(string conversationId, CancellationToken cancellationToken)
    {
        ForgetIdleConversations();
        var conversation = _conversations.GetOrAdd(conversationId, _ => new Conversation());
        await conversation.Gate.WaitAsync(cancellationToken);
        try
        {
            var wait = conversation.TimeUntilAllowed(timeProvider.GetUtcNow());
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, cancellationToken);
            }

            conversation.Record(timeProvider.GetUtcNow());
        }
        finally
        {
            conversation.Gate.Release();
        }
    }

    /// <summary>How long a send to the conversation would have to wait now (for tests and logs).</summary>
    public TimeSpan TimeUntilAllowed(string conversationId) =>
        _conversations.TryGetValue(conversationId, out var conversation)
            ? conversation.TimeUntilAllowed(timeProvider.GetUtcNow())
            : TimeSpan.Zero;

    private void ForgetIdleConversations()
    {
        if (_conversations.Count < 1_000)
        {
            return;
        }

        var cutoff = timeProvider.GetUtcNow() - LongestWindow;
        foreach (var (id, conversation) in _conversations)
        {
            if (conversation.LastSend < cutoff && conversation.Gate.CurrentCount == 1)
            {
                _conversations.TryRemove(id, out _);
            }
        }
    }

    private sealed class Conversation
    {
        private readonly Queue<DateTimeOffset> _sends = new();

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public DateTimeOffset LastSend { get; private set; } = DateTimeOffset.MinValue;

        public TimeSpan TimeUntilAllowed(DateTimeOffset now)
        {
            var wait = TimeSpan.Zero;
            var sends = _sends.ToArray();
            foreach (var (count, window) in Limits)
            {
                // The send `count` places back must have left the window before another one may go.
                if (sends.Length >= count)
                {
                    var oldestInWindow = sends[^count];
                    var until = oldestInWindow + window - now;
                    if (until > wait)
                    {
                        wait = until;
                    }
                }
            }

            return wait;
        }

        public void Record(DateTimeOffset now)
        {
            _sends.Enqueue(now);
            LastSend = now;
            while (_sends.Count > History)
            {
                _sends.Dequeue();
            }
        }
    }
}
