using System.Security.Claims;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;

namespace Cooperation.Web.Collaboration;

internal static class HubWorkspaceAccess
{
    /// <summary>
    /// The hub's version of RequireWorkspace: a person who may not read the workspace gets the same answer
    /// as for a workspace that does not exist, so nothing is revealed.
    /// </summary>
    public static async Task<WorkspaceAccessInfo> RequireAsync(this WorkspaceAccess access, ClaimsPrincipal user, Guid workspaceId, WorkspaceRequirement requirement, CancellationToken cancellationToken)
    {
        var info = await access.GetAsync(user, workspaceId, cancellationToken);
        if (!info.CanRead)
        {
            throw ProblemException.NotFound("Workspace");
        }

        if (info.Role < requirement.Minimum)
        {
            throw ProblemException.Forbidden("Observers can read this workspace but not change it. Ask a coordinator for the member role.");
        }

        if (requirement.Writes && info.IsArchived)
        {
            throw ProblemException.Conflict("This workspace is archived and read-only. A coordinator can unarchive it.");
        }

        return info;
    }
}
