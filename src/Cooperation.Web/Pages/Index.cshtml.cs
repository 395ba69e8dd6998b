using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages;

public sealed class IndexModel(WorkspaceService workspaces) : PageModel
{
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool IsPublic { get; set; }
    [BindProperty(SupportsGet = true, Name = "archived")] public bool ShowArchived { get; set; }

    public List<WorkspaceSummary> Workspaces { get; private set; } = [];
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) =>
        Workspaces = await workspaces.ListAsync(User.UserId(), User.IsAdministrator(), ShowArchived, cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        try
        {
            var created = await workspaces.CreateAsync(User.UserId(), new WorkspaceInput(Name, Description, IsPublic), cancellationToken);
            return Redirect(SiteLinks.Workspace(created.Id));
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            await OnGetAsync(cancellationToken);
            return Page();
        }
    }
}
