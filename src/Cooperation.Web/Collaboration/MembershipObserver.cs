using Cooperation.Web.Data;
using Cooperation.Web.Workspaces;

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
        var name = await Authors.NameAsync(db, userId, cancellationToken);
        var change = new MemberChange(userId, name, newRole, newRole is null);
        var type = newRole is null ? WorkspaceEventTypes.MemberRemoved : WorkspaceEventTypes.MemberChanged;
        await events.PublishMessageAsync(workspaceId, type, change, cancellationToken);
    }
}
