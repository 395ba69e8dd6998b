using System.Text.Json;
using System.Threading.Channels;
using Cooperation.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration;

/// <summary>One event to store; <see cref="Stage"/> adds what the event reports (a chat message) to the same transaction.</summary>
internal sealed record EventAppend(Guid WorkspaceId, string Type, Func<long, IWorkspaceEventData> Payload, Action<CooperationDb, long>? Stage)
{
    public TaskCompletionSource<WorkspaceEventMessage> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>
/// Stores events through one writer per process that commits whatever is waiting in a single transaction (group
/// commit). A lone event is written at once; under load one commit, and one fsync, carries many events, and the
/// writers never queue on the database's write lock. Sequence numbers are still allocated under the counter row's
/// lock, so other processes (another instance, the CLI) can write at the same time.
/// </summary>
public sealed class WorkspaceEventWriter(IServiceScopeFactory scopes, TimeProvider clock, ILogger<WorkspaceEventWriter> logger) : IDisposable
{
    private const int MaxBatch = 128;
    private const int MaxAttempts = 8;

    private readonly Channel<EventAppend> _queue = Channel.CreateUnbounded<EventAppend>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _startLock = new();
    private Task? _loop;

    internal Task<WorkspaceEventMessage> AppendAsync(EventAppend append, CancellationToken cancellationToken)
    {
        EnsureStarted();
        if (!_queue.Writer.TryWrite(append))
        {
            throw new InvalidOperationException("The event writer has stopped.");
        }

        // Once queued the event may be committed even if the caller gives up; the caller only stops waiting.
        return append.Stored.Task.WaitAsync(cancellationToken);
    }

    // The token source is cancelled, not disposed: the loop may still be reading its token as it ends.
    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _stopping.Cancel();
    }

    private void EnsureStarted()
    {
        if (_loop is not null)
        {
            return;
        }

        lock (_startLock)
        {
            _loop ??= Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var batch = new List<EventAppend>(MaxBatch);
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stopping))
            {
                batch.Clear();
                while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var next))
                {
                    batch.Add(next);
                }

                await WriteAsync(batch, stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            while (_queue.Reader.TryRead(out var left))
            {
                left.Stored.TrySetCanceled(stopping);
            }
        }
    }

    private async Task WriteAsync(List<EventAppend> batch, CancellationToken stopping)
    {
        try
        {
            Complete(batch, await CommitAsync(batch, stopping));
        }
        catch (Exception exception) when (batch.Count > 1 && exception is not OperationCanceledException)
        {
            // One bad event (its workspace was just deleted, say) must not fail the others: write them one by one.
            foreach (var single in batch)
            {
                try
                {
                    Complete([single], await CommitAsync([single], stopping));
                }
                catch (Exception singleException)
                {
                    single.Stored.TrySetException(singleException);
                }
            }
        }
        catch (Exception exception)
        {
            foreach (var append in batch)
            {
                append.Stored.TrySetException(exception);
            }
        }
    }

    private static void Complete(List<EventAppend> batch, List<WorkspaceEventMessage> messages)
    {
        for (var i = 0; i < batch.Count; i++)
        {
            batch[i].Stored.TrySetResult(messages[i]);
        }
    }

    private async Task<List<WorkspaceEventMessage>> CommitAsync(List<EventAppend> batch, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
            try
            {
                return await TryCommitAsync(db, batch, cancellationToken);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                // Another process created the workspace's counter row at the same moment; the next attempt sees it.
                Log.SequenceConflict(logger, batch[0].WorkspaceId, attempt);
            }
        }
    }

    private async Task<List<WorkspaceEventMessage>> TryCommitAsync(CooperationDb db, List<EventAppend> batch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var next = new Dictionary<Guid, long>();
        foreach (var group in batch.GroupBy(a => a.WorkspaceId))
        {
            next[group.Key] = await ReserveAsync(db, group.Key, group.Count(), cancellationToken);
        }

        var at = clock.GetUtcNow().UtcDateTime;
        var messages = new List<WorkspaceEventMessage>(batch.Count);
        foreach (var append in batch)
        {
            var sequence = next[append.WorkspaceId]++;
            append.Stage?.Invoke(db, sequence);
            var body = append.Payload(sequence);
            var data = JsonSerializer.SerializeToElement(body, body.GetType(), WorkspaceEvents.Json);
            db.WorkspaceEvents.Add(new WorkspaceEvent { WorkspaceId = append.WorkspaceId, Sequence = sequence, Type = append.Type, Data = data.GetRawText(), At = at });
            messages.Add(new WorkspaceEventMessage(append.WorkspaceId, sequence, append.Type, at, data));
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return messages;
    }

    /// <summary>Takes <paramref name="count"/> numbers from the workspace's counter; returns the first.</summary>
    internal static async Task<long> ReserveAsync(CooperationDb db, Guid workspaceId, int count, CancellationToken cancellationToken)
    {
        // The UPDATE takes the counter row's write lock (PostgreSQL row lock, SQLite database lock) until commit, so
        // concurrent writers in any process queue here and each gets numbers of its own.
        var updated = await db.WorkspaceEventCounters.Where(c => c.WorkspaceId == workspaceId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSequence, c => c.LastSequence + count), cancellationToken);
        if (updated == 0)
        {
            // The workspace's first events. If another writer creates the row at the same moment, the primary key
            // refuses one of the two transactions and that one tries again.
            db.WorkspaceEventCounters.Add(new WorkspaceEventCounter { WorkspaceId = workspaceId, LastSequence = count });
            return 1;
        }

        var last = await db.WorkspaceEventCounters.Where(c => c.WorkspaceId == workspaceId)
            .Select(c => c.LastSequence).SingleAsync(cancellationToken);
        return last - count + 1;
    }
}
