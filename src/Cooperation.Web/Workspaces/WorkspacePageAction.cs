using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Workspaces;

/// <summary>
/// A form action on a workspace's page: authorized against the workspace, then run. A refusal the person may see
/// (403, 409, 400) becomes a sentence for the page; one that must hide the workspace (404) becomes Hidden.
/// </summary>
internal static class WorkspacePageAction
{
    /// <summary>
    /// Runs the action, then answers as a workspace page does: 404 when the workspace must stay hidden, otherwise the
    /// page again, reloaded, with the refusal's sentence (if any) shown through <paramref name="showError"/>.
    /// </summary>
    public static async Task<IActionResult> RespondAsync(
        PageModel page, Guid workspaceId, WorkspaceRequirement requirement, Func<WorkspaceAccessInfo, Task> action, Action<string?> showError, Func<Task<bool>> reload)
    {
        var (hidden, error) = await RunAsync(page.HttpContext, workspaceId, requirement, action);
        if (hidden)
        {
            return page.NotFound();
        }

        showError(error);
        return await reload() ? page.Page() : page.NotFound();
    }

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
