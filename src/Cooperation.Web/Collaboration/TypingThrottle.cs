using System.Collections.Concurrent;

namespace Cooperation.Web.Collaboration;

/// <summary>Lets one typing notice per connection and workspace through every few seconds; the rest are dropped.</summary>
public sealed class TypingThrottle(TimeProvider clock)
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(3);
    private readonly ConcurrentDictionary<(string, Guid), long> _last = new();

    public bool ShouldSend(string connectionId, Guid workspaceId)
    {
        var now = clock.GetTimestamp();
        var key = (connectionId, workspaceId);
        if (_last.TryGetValue(key, out var last) && clock.GetElapsedTime(last, now) < Interval)
        {
            return false;
        }

        _last[key] = now;
        return true;
    }

    public void Forget(string connectionId)
    {
        foreach (var key in _last.Keys.Where(k => k.Item1 == connectionId))
        {
            _last.TryRemove(key, out _);
        }
    }
}
