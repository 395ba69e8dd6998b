using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Data;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration;

public sealed record MemberChange(string UserId, string DisplayName, WorkspaceRole? Role, bool Removed);

/// <summary>
/// Publishes membership changes, and drops a removed person's connections from the workspace at once (on every
/// instance: group removal goes through the backplane), telling them why.
/// </summary>
internal sealed class MembershipObserver(
    CooperationDb db,
    WorkspaceAccess access,
    PresenceService presence,
    WorkspaceEvents events,
    IHubContext<WorkspaceHub, IWorkspaceClient> hub,
    ILogger<MembershipObserver> logger) : IMembershipObserver
{
    public async Task MembershipChangedAsync(Guid workspaceId, string userId, WorkspaceRole? newRole, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { Name = u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName, u.IsAdministrator })
            .FirstOrDefaultAsync(cancellationToken);
        var change = new MemberChange(userId, user?.Name ?? userId, newRole, newRole is null);

        var dropped = new List<string>();
        if (newRole is null && !(await access.GetAsync(userId, user?.IsAdministrator == true, workspaceId, cancellationToken)).CanRead)
        {
            var connections = await presence.ConnectionsAsync(workspaceId, userId, cancellationToken);
            foreach (var connection in connections)
            {
                await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, WorkspaceGroups.Of(workspaceId), cancellationToken);
                await hub.Groups.RemoveFromGroupAsync(connection.ConnectionId, WorkspaceGroups.Of(workspaceId, connection.Culture), cancellationToken);
                dropped.Add(connection.ConnectionId);
            }

            await presence.RemoveAsync(connections, cancellationToken);
            Log.ConnectionsDropped(logger, dropped.Count, userId, workspaceId);
        }

        var type = newRole is null ? WorkspaceEventTypes.MemberRemoved : WorkspaceEventTypes.MemberChanged;
        var message = await events.PublishMessageAsync(workspaceId, type, change, cancellationToken);
        if (dropped.Count > 0)
        {
            // They are out of the group, so tell them directly; the page shows that access has ended.
            await hub.Clients.Clients(dropped).MemberChanged(message);
        }
    }
}
