using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Data;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration.LiveAccess;

/// <summary>
/// Holds this instance's connections to what the database says now. A connection whose sign-in no longer stands
/// (token revoked or expired, account locked or deleted, a cookie's security stamp renewed) is closed; one whose
/// person can no longer read a workspace it joined is taken out of that workspace's groups. Either way the client is
/// told with AccessEnded.
/// </summary>
internal sealed class AccessReview(
    CooperationDb db,
    WorkspaceAccess access,
    PresenceService presence,
    LiveConnections connections,
    IHubContext<WorkspaceHub, IWorkspaceClient> hub,
    TimeProvider clock,
    ILogger<AccessReview> logger)
{
    public async Task ReviewAsync(AccessChange change, CancellationToken cancellationToken)
    {
        var affected = connections.AffectedBy(change);
        if (affected.Count == 0)
        {
            return;
        }

        var standing = await StandingAsync(affected, cancellationToken);
        var readable = new Dictionary<(string UserId, Guid WorkspaceId), bool>();
        foreach (var connection in affected)
        {
            if (!standing.TryGetValue(connection.ConnectionId, out var isAdministrator))
            {
                await EndAsync(connection, cancellationToken);
                continue;
            }

            foreach (var (workspaceId, culture) in connection.Workspaces)
            {
                if (change.WorkspaceId is { } only && only != workspaceId)
                {
                    continue;
                }

                if (!readable.TryGetValue((connection.UserId, workspaceId), out var canRead))
                {
                    canRead = (await access.GetAsync(connection.UserId, isAdministrator, workspaceId, cancellationToken)).CanRead;
                    readable[(connection.UserId, workspaceId)] = canRead;
                }

                if (!canRead)
                {
                    await DropAsync(connection, workspaceId, culture, cancellationToken);
                }
            }
        }
    }

    /// <summary>
    /// The connections whose sign-in still stands, each with whether its person is an administrator now (the
    /// connection's claims are those of the moment it connected). Absent: the sign-in has ended.
    /// </summary>
    public async Task<Dictionary<string, bool>> StandingAsync(IReadOnlyCollection<LiveConnection> affected, CancellationToken cancellationToken)
    {
        var userIds = affected.Select(c => c.UserId).Distinct().ToList();
        var tokenIds = affected.Where(c => c.TokenId is not null).Select(c => c.TokenId!.Value).Distinct().ToList();
        // Lockout is compared here rather than in SQL: SQLite cannot compare DateTimeOffset values.
        var users = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id))
            .Select(u => new { u.Id, u.IsAdministrator, u.LockoutEnd, u.SecurityStamp })
            .ToDictionaryAsync(u => u.Id, cancellationToken);
        var tokens = tokenIds.Count == 0 ? new Dictionary<Guid, Accounts.AccessToken>()
            : await db.AccessTokens.AsNoTracking().Where(t => tokenIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, cancellationToken);

        var now = clock.GetUtcNow();
        var standing = new Dictionary<string, bool>();
        foreach (var connection in affected)
        {
            if (!users.TryGetValue(connection.UserId, out var user) || user.LockoutEnd > now)
            {
                continue;
            }

            if (connection.TokenId is { } tokenId && (!tokens.TryGetValue(tokenId, out var token) || token.UserId != connection.UserId || !token.IsActive(now.UtcDateTime)))
            {
                continue;
            }

            // A cookie sign-in ends with its stamp; tokens are not tied to it (AccountService).
            if (connection.TokenId is null && connection.SecurityStamp is not null && connection.SecurityStamp != user.SecurityStamp)
            {
                continue;
            }

            standing[connection.ConnectionId] = user.IsAdministrator;
        }

        return standing;
    }

    private async Task DropAsync(LiveConnection connection, Guid workspaceId, string culture, CancellationToken cancellationToken)
    {
        // Out of the groups before anything else, so that nothing more of the workspace reaches it.
        connection.Workspaces.TryRemove(workspaceId, out _);
        await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, WorkspaceGroups.Of(workspaceId), cancellationToken);
        await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, WorkspaceGroups.Of(workspaceId, culture), cancellationToken);
        await hub.Clients.Client(connection.ConnectionId).AccessEnded(new AccessEndedNotice(workspaceId));
        await presence.LeaveAsync(connection.ConnectionId, workspaceId, cancellationToken);
        Log.WorkspaceAccessEnded(logger, connection.ConnectionId, connection.UserId, workspaceId);
    }

    private async Task EndAsync(LiveConnection connection, CancellationToken cancellationToken)
    {
        foreach (var (workspaceId, culture) in connection.Workspaces)
        {
            await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, WorkspaceGroups.Of(workspaceId), cancellationToken);
            await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, WorkspaceGroups.Of(workspaceId, culture), cancellationToken);
        }

        // Best effort: the notice may not get out before the connection closes, and the client sees the close anyway.
        await hub.Clients.Client(connection.ConnectionId).AccessEnded(new AccessEndedNotice(null));
        connection.Context.Abort();
        Log.SignInEnded(logger, connection.ConnectionId, connection.UserId);
    }
}
