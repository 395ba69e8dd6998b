using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Humanizer;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration.Presence;

public static class PresenceStatus
{
    public const string Online = "online";
    public const string Idle = "idle";
    public const string Offline = "offline";
}

/// <summary>
/// One person's presence in a workspace. Several tabs count once: the person is online if any of their
/// connections is active, idle if all are idle. <see cref="LastSeen"/> is <see cref="LastActiveAt"/> in words,
/// in the viewer's language ("3 minutes ago", "3 分钟前").
/// </summary>
public sealed record PresenceUpdate(Guid WorkspaceId, string UserId, string DisplayName, string Status, DateTime? LastActiveAt, string LastSeen);

/// <summary>Who is connected to which workspace, across all instances (stored in the database).</summary>
public sealed class PresenceService(CooperationDb db, IHubContext<WorkspaceHub, IWorkspaceClient> hub, InstanceIdentity instance, PresenceGate gate, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The supported language closest to the viewer's, used for texts and for the presence group.</summary>
    public static string CultureName(CultureInfo? culture)
    {
        for (var c = culture; c is not null && !Equals(c, CultureInfo.InvariantCulture); c = c.Parent)
        {
            if (LocalizationExtensions.SupportedCultures.FirstOrDefault(s => s.Name.Equals(c.Name, StringComparison.OrdinalIgnoreCase)) is { } supported)
            {
                return supported.Name;
            }
        }

        return culture?.Name.StartsWith("zh", StringComparison.OrdinalIgnoreCase) == true ? "zh-Hans" : LocalizationExtensions.SupportedCultures[0].Name;
    }

    public async Task JoinAsync(string connectionId, Guid workspaceId, string userId, string culture, CancellationToken cancellationToken)
    {
        using var person = await gate.EnterAsync(workspaceId, userId, cancellationToken);
        var before = await StatusAsync(workspaceId, userId, cancellationToken);
        var now = Now;
        var row = await db.PresenceConnections.FindAsync([connectionId, workspaceId], cancellationToken);
        if (row is null)
        {
            db.PresenceConnections.Add(new PresenceConnection
            {
                ConnectionId = connectionId, WorkspaceId = workspaceId, UserId = userId, InstanceId = instance.Id, Culture = culture,
                ConnectedAt = now, LastActiveAt = now, HeartbeatAt = now,
            });
        }
        else
        {
            row.IsIdle = false;
            row.LastActiveAt = now;
            row.HeartbeatAt = now;
        }

        await db.SaveChangesAsync(cancellationToken);
        await TouchLastSeenAsync(workspaceId, userId, now, cancellationToken);
        await AnnounceIfChangedAsync(workspaceId, userId, before, cancellationToken);
    }

    public async Task SetIdleAsync(string connectionId, Guid workspaceId, string userId, bool idle, CancellationToken cancellationToken)
    {
        using var person = await gate.EnterAsync(workspaceId, userId, cancellationToken);
        var before = await StatusAsync(workspaceId, userId, cancellationToken);
        var now = Now;
        var changed = idle
            ? await db.PresenceConnections.Where(c => c.ConnectionId == connectionId && c.WorkspaceId == workspaceId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsIdle, true), cancellationToken)
            : await db.PresenceConnections.Where(c => c.ConnectionId == connectionId && c.WorkspaceId == workspaceId)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.IsIdle, false).SetProperty(c => c.LastActiveAt, now), cancellationToken);
        if (changed == 0)
        {
            throw new Infrastructure.ProblemException(StatusCodes.Status409Conflict, "Not joined", "Join the workspace first.");
        }

        if (!idle)
        {
            await TouchLastSeenAsync(workspaceId, userId, now, cancellationToken);
        }

        await AnnounceIfChangedAsync(workspaceId, userId, before, cancellationToken);
    }

    public async Task LeaveAsync(string connectionId, Guid workspaceId, CancellationToken cancellationToken)
    {
        var row = await db.PresenceConnections.AsNoTracking().FirstOrDefaultAsync(c => c.ConnectionId == connectionId && c.WorkspaceId == workspaceId, cancellationToken);
        if (row is not null)
        {
            await RemoveAsync([row], cancellationToken);
        }
    }

    /// <summary>The connection closed: it leaves every workspace it had joined.</summary>
    public async Task DisconnectedAsync(string connectionId, CancellationToken cancellationToken)
    {
        var rows = await db.PresenceConnections.AsNoTracking().Where(c => c.ConnectionId == connectionId).ToListAsync(cancellationToken);
        await RemoveAsync(rows, cancellationToken);
    }

    internal async Task RemoveAsync(IReadOnlyCollection<PresenceConnection> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        var now = Now;
        foreach (var group in rows.GroupBy(r => (r.WorkspaceId, r.UserId)))
        {
            var (workspaceId, userId) = group.Key;
            using var person = await gate.EnterAsync(workspaceId, userId, cancellationToken);
            var before = await StatusAsync(workspaceId, userId, cancellationToken);
            foreach (var row in group)
            {
                await db.PresenceConnections.Where(c => c.ConnectionId == row.ConnectionId && c.WorkspaceId == row.WorkspaceId).ExecuteDeleteAsync(cancellationToken);
            }

            // Seen until the moment they left, unless they were idle: then "last seen" stays at their last activity.
            if (group.Any(r => !r.IsIdle))
            {
                await TouchLastSeenAsync(workspaceId, userId, now, cancellationToken);
            }

            await AnnounceIfChangedAsync(workspaceId, userId, before, cancellationToken);
        }
    }

    /// <summary>Everyone in the workspace: members (online or not) and any other reader who is connected.</summary>
    public async Task<List<PresenceUpdate>> ListAsync(Guid workspaceId, string culture, CancellationToken cancellationToken)
    {
        var connections = await db.PresenceConnections.AsNoTracking().Where(c => c.WorkspaceId == workspaceId)
            .Select(c => new { c.UserId, c.IsIdle, c.LastActiveAt }).ToListAsync(cancellationToken);
        var memberIds = await db.Memberships.Where(m => m.WorkspaceId == workspaceId).Select(m => m.UserId).ToListAsync(cancellationToken);
        var userIds = memberIds.Union(connections.Select(c => c.UserId)).ToList();
        var names = await db.Users.Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, cancellationToken);
        var lastSeen = await db.PresenceLastSeen.Where(s => s.WorkspaceId == workspaceId).ToDictionaryAsync(s => s.UserId, s => s.At, cancellationToken);
        var now = Now;
        var cultureInfo = CultureInfo.GetCultureInfo(culture);
        return userIds
            .Where(names.ContainsKey)
            .Select(id =>
            {
                var mine = connections.Where(c => c.UserId == id).ToList();
                var status = mine.Count == 0 ? PresenceStatus.Offline : mine.Any(c => !c.IsIdle) ? PresenceStatus.Online : PresenceStatus.Idle;
                DateTime? at = lastSeen.TryGetValue(id, out var seen) ? seen : null;
                return Describe(workspaceId, id, names[id], status, at, now, cultureInfo);
            })
            .OrderBy(p => p.Status == PresenceStatus.Online ? 0 : p.Status == PresenceStatus.Idle ? 1 : 2)
            .ThenBy(p => p.DisplayName, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    public async Task<PresenceUpdate> OneAsync(Guid workspaceId, string userId, string culture, CancellationToken cancellationToken)
    {
        var status = await StatusAsync(workspaceId, userId, cancellationToken);
        var name = await Authors.NameAsync(db, userId, cancellationToken);
        var at = await db.PresenceLastSeen.Where(s => s.WorkspaceId == workspaceId && s.UserId == userId).Select(s => (DateTime?)s.At).FirstOrDefaultAsync(cancellationToken);
        return Describe(workspaceId, userId, name, status, at, Now, CultureInfo.GetCultureInfo(culture));
    }

    internal async Task<string> StatusAsync(Guid workspaceId, string userId, CancellationToken cancellationToken)
    {
        var idle = await db.PresenceConnections.Where(c => c.WorkspaceId == workspaceId && c.UserId == userId)
            .Select(c => c.IsIdle).ToListAsync(cancellationToken);
        return idle.Count == 0 ? PresenceStatus.Offline : idle.Contains(false) ? PresenceStatus.Online : PresenceStatus.Idle;
    }

    private static PresenceUpdate Describe(Guid workspaceId, string userId, string name, string status, DateTime? at, DateTime now, CultureInfo culture) =>
        new(workspaceId, userId, name, status, at, at is { } seen ? (seen > now ? now : seen).Humanize(utcDate: true, dateToCompareAgainst: now, culture: culture) : "");

    private async Task AnnounceIfChangedAsync(Guid workspaceId, string userId, string before, CancellationToken cancellationToken)
    {
        var after = await StatusAsync(workspaceId, userId, cancellationToken);
        if (after == before)
        {
            return;
        }

        // Each language group gets the text in its own language; connections joined the group of theirs.
        foreach (var culture in LocalizationExtensions.SupportedCultures)
        {
            var update = await OneAsync(workspaceId, userId, culture.Name, cancellationToken);
            await hub.Clients.Group(WorkspaceGroups.Of(workspaceId, culture.Name)).PresenceChanged(update);
        }
    }

    // Insert-or-update without a provider-specific upsert: two instances racing on the first insert both end with the row.
    private async Task TouchLastSeenAsync(Guid workspaceId, string userId, DateTime at, CancellationToken cancellationToken)
    {
        var updated = await db.PresenceLastSeen.Where(s => s.WorkspaceId == workspaceId && s.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.At, at), cancellationToken);
        if (updated > 0)
        {
            return;
        }

        var row = new PresenceLastSeen { WorkspaceId = workspaceId, UserId = userId, At = at };
        db.PresenceLastSeen.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.Entry(row).State = EntityState.Detached;
            await db.PresenceLastSeen.Where(s => s.WorkspaceId == workspaceId && s.UserId == userId)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.At, at), cancellationToken);
        }
    }
}
