using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Workspaces;

/// <summary>
/// A page inside one workspace (the workspace itself, a document, a programme). It loads only for someone who may read
/// the workspace, and runs its form actions one way: authorized against the workspace, then run, then the page again,
/// reloaded. A refusal the person may see (403, 409, 400) becomes a sentence on the page; one that must hide the
/// workspace or the thing shown (404) answers 404, so a stranger cannot tell what exists.
/// </summary>
public abstract class WorkspacePageModel(WorkspaceAccess access) : PageModel
{
    [BindProperty(SupportsGet = true)] public Guid WorkspaceId { get; set; }

    /// <summary>Who may do what in which workspace, for pages that ask more than the one question asked here.</summary>
    protected WorkspaceAccess WorkspaceAccess { get; } = access;

    public WorkspaceAccessInfo? Access { get; private set; }
    public string? Error { get; protected set; }
    public string? Notice { get; protected set; }

    /// <summary>Loads what the page shows, once the reader may read the workspace; false when it is not there (404).</summary>
    protected abstract Task<bool> LoadContentAsync(WorkspaceAccessInfo access, CancellationToken cancellationToken);

    /// <summary>
    /// A refusal's sentence as this page shows it. The English message by default, as the documents and workspace
    /// services give theirs; a page whose services give translatable sentences puts them into the reader's language.
    /// </summary>
    protected virtual string Describe(ProblemException problem) => problem.Message;

    /// <summary>Whether the page can be shown: the reader may read the workspace and what the page shows exists.</summary>
    protected async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        Access = await WorkspaceAccess.GetAsync(User, WorkspaceId, cancellationToken);
        return Access.CanRead && await LoadContentAsync(Access, cancellationToken);
    }

    /// <summary>Runs a form action and shows the page again with its outcome.</summary>
    protected Task<IActionResult> ActAsync(WorkspaceRequirement requirement, Func<Task> action, CancellationToken cancellationToken) =>
        ActAsync(requirement, action, done: null, cancellationToken);

    /// <param name="done">The answer after the action succeeded, instead of the page again (a redirect when the action removed what the page shows).</param>
    protected async Task<IActionResult> ActAsync(WorkspaceRequirement requirement, Func<Task> action, Func<IActionResult>? done, CancellationToken cancellationToken)
    {
        try
        {
            // Set before the action runs: actions pass the caller's access on to the services.
            Access = await WorkspaceAuthorizationFilter.AuthorizeAsync(HttpContext, WorkspaceId, requirement);
            await action();
            if (done is not null)
            {
                return done();
            }
        }
        catch (ProblemException problem) when (problem.Status != StatusCodes.Status404NotFound)
        {
            Error = Describe(problem);
        }
        catch (ProblemException)
        {
            return NotFound();
        }

        return await LoadAsync(cancellationToken) ? Page() : NotFound();
    }
}
