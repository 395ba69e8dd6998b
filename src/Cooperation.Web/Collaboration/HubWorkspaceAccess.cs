using Cooperation.Web.Collaboration.LiveAccess;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;

namespace Cooperation.Web.Collaboration;

internal static class HubWorkspaceAccess
{
    /// <summary>
    /// The caller's access to the workspace now: from the database at each call, with the administrator flag read by
    /// <see cref="LiveAccessFilter"/> for this call rather than the claims of the moment the connection opened.
    /// </summary>
    public static Task<WorkspaceAccessInfo> GetAsync(this WorkspaceAccess access, HubCallerContext caller, Guid workspaceId) =>
        access.GetAsync(caller.User!.UserId(), LiveAccessFilter.IsAdministrator(caller), workspaceId, caller.ConnectionAborted);

    /// <summary>
    /// The hub's version of RequireWorkspace: a person who may not read the workspace gets the same answer
    /// as for a workspace that does not exist, so nothing is revealed.
    /// </summary>
    public static async Task<WorkspaceAccessInfo> RequireAsync(this WorkspaceAccess access, HubCallerContext caller, Guid workspaceId, WorkspaceRequirement requirement)
    {
        var info = await access.GetAsync(caller, workspaceId);
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
