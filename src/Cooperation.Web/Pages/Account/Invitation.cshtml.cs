using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Account;

/// <summary>
/// The invitation link. Without an account, the invitee creates one here and joins; signed in with the invited
/// address, they accept or decline it like the invitations on their workspaces page.
/// </summary>
[AllowAnonymous]
public sealed class InvitationModel(InvitationService invitations, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string DisplayName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";

    public InvitationPreview? Preview { get; private set; }
    public string? Error { get; private set; }
    public bool SignedIn => User.Identity?.IsAuthenticated == true;

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (SignedIn)
        {
            // Accounts never get a second one through a link; a signed-in person answers with the buttons.
            return await OnPostAnswerAsync(accept: true, cancellationToken);
        }

        try
        {
            var user = await invitations.AcceptAsync(new AcceptInvitationInput(Token, DisplayName, Password), cancellationToken);
            await signIn.SignInAsync(user, isPersistent: false);
            return Redirect("/");
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostAnswerAsync(bool accept, CancellationToken cancellationToken)
    {
        if (!SignedIn)
        {
            return Challenge();
        }

        try
        {
            var workspaceId = await invitations.AnswerLinkAsync(User.UserId(), Token, accept, cancellationToken);
            return Redirect(accept ? SiteLinks.Workspace(workspaceId) : "/");
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
            await LoadAsync(cancellationToken);
            return Page();
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Preview = await invitations.PreviewAsync(Token, cancellationToken);
        }
        catch (ProblemException problem)
        {
            Error ??= problem.Message;
        }
    }
}
