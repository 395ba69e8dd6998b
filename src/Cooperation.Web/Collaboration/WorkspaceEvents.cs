using System.Text.Json;
using System.Text.Json.Serialization;
using Cooperation.Web.Data;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration;

/// <summary>
/// Publishes workspace events: stores each with the next per-workspace sequence number, then sends it to
/// everyone connected to the workspace. Callers check access first; this service does not.
/// Usable from the site, background work and the CLI (sending costs nothing when nobody is connected).
/// </summary>
public interface IWorkspaceEvents
{
    /// <summary>Stores the event and sends it to the workspace; returns its sequence number.</summary>
    Task<long> PublishAsync(Guid workspaceId, string type, IWorkspaceEventData payload, CancellationToken cancellationToken);

    /// <summary>Events with a sequence number greater than <paramref name="afterSequence"/>, oldest first, at most <paramref name="max"/>.</summary>
    Task<WorkspaceEventPage> ReadSinceAsync(Guid workspaceId, long afterSequence, int max, CancellationToken cancellationToken);

    /// <summary>The sequence number of the latest event (0 when there is none yet).</summary>
    Task<long> LatestSequenceAsync(Guid workspaceId, CancellationToken cancellationToken);
}

public sealed class WorkspaceEvents(
    IServiceScopeFactory scopes,
    WorkspaceEventWriter writer,
    IHubContext<WorkspaceHub, IWorkspaceClient> hub,
    TimeProvider clock,
    ILogger<WorkspaceEvents> logger) : IWorkspaceEvents
{
    public const int MaxPageSize = 500;
    private const int MaxAttempts = 8;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task<long> PublishAsync(Guid workspaceId, string type, IWorkspaceEventData payload, CancellationToken cancellationToken) =>
        (await PublishMessageAsync(workspaceId, type, payload, cancellationToken)).Sequence;

    /// <summary>Like <see cref="PublishAsync"/>, returning the message as sent.</summary>
    internal async Task<WorkspaceEventMessage> PublishMessageAsync(Guid workspaceId, string type, IWorkspaceEventData payload, CancellationToken cancellationToken)
    {
        var message = await StoreAsync(workspaceId, type, _ => payload, null, cancellationToken);
        await BroadcastAsync(message);
        return message;
    }

    /// <summary>
    /// Stores an event through the group-committing writer. <paramref name="stage"/> adds the entities the event
    /// reports to the same transaction (both are stored or neither), given the event's sequence number; the payload
    /// is made once that number is known. Call <see cref="BroadcastAsync"/> after this returns.
    /// </summary>
    internal Task<WorkspaceEventMessage> StoreAsync(Guid workspaceId, string type, Func<long, IWorkspaceEventData> payload, Action<CooperationDb, long>? stage, CancellationToken cancellationToken)
    {
        ValidateType(type);
        return writer.AppendAsync(new EventAppend(workspaceId, type, payload, stage), cancellationToken);
    }

    /// <summary>
    /// Saves the context's pending changes (an edit the caller loaded and changed) together with a new event, in one
    /// transaction of the caller's context. Call <see cref="BroadcastAsync"/> after this returns.
    /// </summary>
    internal async Task<WorkspaceEventMessage> AppendAsync(CooperationDb db, Guid workspaceId, string type, Func<long, IWorkspaceEventData> payload, CancellationToken cancellationToken)
    {
        ValidateType(type);
        for (var attempt = 1; ; attempt++)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var counters = db.ChangeTracker.Entries<WorkspaceEventCounter>().Select(e => e.Entity).ToList();
            WorkspaceEvent? stored = null;
            try
            {
                var sequence = await WorkspaceEventWriter.ReserveAsync(db, workspaceId, 1, cancellationToken);
                var body = payload(sequence);
                var data = JsonSerializer.SerializeToElement(body, body.GetType(), Json);
                stored = new WorkspaceEvent { WorkspaceId = workspaceId, Sequence = sequence, Type = type, Data = data.GetRawText(), At = clock.GetUtcNow().UtcDateTime };
                db.WorkspaceEvents.Add(stored);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return new WorkspaceEventMessage(workspaceId, sequence, type, stored.At, data);
            }
            catch (DbUpdateException) when (attempt < MaxAttempts)
            {
                await transaction.RollbackAsync(cancellationToken);
                foreach (var entry in db.ChangeTracker.Entries<WorkspaceEventCounter>().Where(e => !counters.Contains(e.Entity)).ToList())
                {
                    entry.State = EntityState.Detached;
                }

                Detach(db, stored);
                Log.SequenceConflict(logger, workspaceId, attempt);
            }
        }
    }

    private static void ValidateType(string type)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(type);
        if (type.Length > WorkspaceEvent.TypeMaxLength)
        {
            throw new ArgumentException($"An event type has at most {WorkspaceEvent.TypeMaxLength} characters.", nameof(type));
        }
    }

    /// <summary>Sends a stored event to the workspace group. A failure is logged, not thrown: the event is stored and clients catch up.</summary>
    internal async Task BroadcastAsync(WorkspaceEventMessage message)
    {
        try
        {
            await SendAsync(hub.Clients.Group(WorkspaceGroups.Of(message.WorkspaceId)), message);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.BroadcastFailed(logger, exception, message.WorkspaceId, message.Sequence);
        }
    }

    /// <summary>Chooses the client method by the part of the type before the first dot.</summary>
    internal static Task SendAsync(IWorkspaceClient client, WorkspaceEventMessage message) => message.Type switch
    {
        WorkspaceEventTypes.ChatPosted => client.ChatMessageReceived(message),
        WorkspaceEventTypes.CommentAdded => client.CommentAdded(message),
        _ when message.Type.StartsWith("chat.", StringComparison.Ordinal) => client.ChatMessageUpdated(message),
        _ when message.Type.StartsWith("comment.", StringComparison.Ordinal) => client.CommentUpdated(message),
        _ when message.Type.StartsWith(WorkspaceEventTypes.DocumentPrefix, StringComparison.Ordinal) => client.DocumentChanged(message),
        _ when message.Type.StartsWith("member.", StringComparison.Ordinal) => client.MemberChanged(message),
        _ => client.EventReceived(message),
    };

    public async Task<WorkspaceEventPage> ReadSinceAsync(Guid workspaceId, long afterSequence, int max, CancellationToken cancellationToken)
    {
        max = Math.Clamp(max, 1, MaxPageSize);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var rows = await db.WorkspaceEvents.AsNoTracking()
            .Where(e => e.WorkspaceId == workspaceId && e.Sequence > afterSequence)
            .OrderBy(e => e.Sequence)
            .Take(max + 1)
            .ToListAsync(cancellationToken);
        var latest = await LatestAsync(db, workspaceId, cancellationToken);
        var events = rows.Take(max).Select(ToMessage).ToList();
        return new WorkspaceEventPage(workspaceId, events, latest, rows.Count > max);
    }

    public async Task<long> LatestSequenceAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await LatestAsync(scope.ServiceProvider.GetRequiredService<CooperationDb>(), workspaceId, cancellationToken);
    }

    internal static WorkspaceEventMessage ToMessage(WorkspaceEvent e)
    {
        using var document = JsonDocument.Parse(e.Data);
        return new WorkspaceEventMessage(e.WorkspaceId, e.Sequence, e.Type, e.At, document.RootElement.Clone());
    }

    private static async Task<long> LatestAsync(CooperationDb db, Guid workspaceId, CancellationToken cancellationToken) =>
        await db.WorkspaceEventCounters.Where(c => c.WorkspaceId == workspaceId).Select(c => (long?)c.LastSequence)
            .FirstOrDefaultAsync(cancellationToken) ?? 0;

    private static void Detach(CooperationDb db, object? entity)
    {
        if (entity is not null)
        {
            db.Entry(entity).State = EntityState.Detached;
        }
    }
}
