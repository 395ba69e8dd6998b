using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages;

public sealed class IndexModel(WorkspaceService workspaces, InvitationService invitations) : PageModel
{
    [BindProperty] public string Name { get; set; } = "";
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public bool IsPublic { get; set; }
    [BindProperty(SupportsGet = true, Name = "archived")] public bool ShowArchived { get; set; }

    public List<WorkspaceSummary> Workspaces { get; private set; } = [];
    public List<ReceivedInvitation> Invitations { get; private set; } = [];
    public string? Error { get; private set; }
    public string? Notice { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Workspaces = await workspaces.ListAsync(User.UserId(), User.IsAdministrator(), ShowArchived, cancellationToken);
        Invitations = await invitations.ReceivedAsync(User.UserId(), cancellationToken);
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            var created = await workspaces.CreateAsync(User.UserId(), new WorkspaceInput(Name, Description, IsPublic), cancellationToken);
            return Redirect(SiteLinks.Workspace(created.Id));
        }, cancellationToken);

    public Task<IActionResult> OnPostAcceptInvitationAsync(Guid invitationId, CancellationToken cancellationToken) =>
        ActAsync(async () => Redirect(SiteLinks.Workspace(await invitations.AcceptAsync(User.UserId(), invitationId, cancellationToken))), cancellationToken);

    public Task<IActionResult> OnPostDeclineInvitationAsync(Guid invitationId, CancellationToken cancellationToken) =>
        ActAsync(async () =>
        {
            await invitations.DeclineAsync(User.UserId(), invitationId, cancellationToken);
            Notice = "You declined the invitation.";
            await OnGetAsync(cancellationToken);
            return Page();
        }, cancellationToken);

    // A refusal becomes a sentence above the list; nothing was changed.
    private async Task<IActionResult> ActAsync(Func<Task<IActionResult>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            await OnGetAsync(cancellationToken);
            return Page();
        }
    }
}
