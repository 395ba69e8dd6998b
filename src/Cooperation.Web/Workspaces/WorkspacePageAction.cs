using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Workspaces;

/// <summary>
/// A form action on a workspace's page: authorized against the workspace, then run. A refusal the person may see
/// (403, 409, 400) becomes a sentence for the page; one that must hide the workspace (404) becomes Hidden.
/// </summary>
internal static class WorkspacePageAction
{
    public static async Task<(bool Hidden, string? Error)> RunAsync(HttpContext http, Guid workspaceId, WorkspaceRequirement requirement, Func<WorkspaceAccessInfo, Task> action)
    {
        try
        {
            await action(await WorkspaceAuthorizationFilter.AuthorizeAsync(http, workspaceId, requirement));
            return (false, null);
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            return (false, problem.Message);
        }
        catch (ProblemException)
        {
            return (true, null);
        }
    }
}
