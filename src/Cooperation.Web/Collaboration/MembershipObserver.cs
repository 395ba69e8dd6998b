using Cooperation.Web.Data;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Collaboration;

public sealed record MemberChange(string UserId, string DisplayName, WorkspaceRole? Role, bool Removed) : IWorkspaceEventData;

/// <summary>
/// Publishes membership changes to the workspace. A removed person's connections are still in the workspace's group
/// when the event goes out, so they receive it; the access change that follows drops them (see LiveAccess).
/// </summary>
internal sealed class MembershipObserver(CooperationDb db, WorkspaceEvents events) : IMembershipObserver
{
    public async Task MembershipChangedAsync(Guid workspaceId, string userId, WorkspaceRole? newRole, CancellationToken cancellationToken)
    {
        var name = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => u.DisplayName == "" ? u.Email ?? u.Id : u.DisplayName)
            .FirstOrDefaultAsync(cancellationToken);
        var change = new MemberChange(userId, name ?? userId, newRole, newRole is null);
        var type = newRole is null ? WorkspaceEventTypes.MemberRemoved : WorkspaceEventTypes.MemberChanged;
        await events.PublishMessageAsync(workspaceId, type, change, cancellationToken);
    }
}
