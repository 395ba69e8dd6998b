using System.Collections.Concurrent;

namespace Cooperation.Web.Collaboration.Presence;

/// <summary>
/// One person's presence in one workspace changes one step at a time on this instance. A change reads the status,
/// writes, reads it again and announces if it moved; two tabs of one person going idle at the same moment would
/// otherwise both read "online" before and "idle" after, and announce twice. Across instances such overlaps are rare
/// (a person's tabs usually share a connection path) and at worst repeat an announcement of the same status.
/// </summary>
public sealed class PresenceGate
{
    private readonly ConcurrentDictionary<(Guid WorkspaceId, string UserId), SemaphoreSlim> _gates = new();

    public async Task<IDisposable> EnterAsync(Guid workspaceId, string userId, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd((workspaceId, userId), _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
