using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Account;

[AllowAnonymous]
public sealed class InvitationModel(InvitationService invitations, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty(SupportsGet = true)] public string Token { get; set; } = "";
    [BindProperty] public string DisplayName { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";

    public InvitationPreview? Preview { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadAsync(cancellationToken);

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        try
        {
            Preview = await invitations.PreviewAsync(Token, cancellationToken);
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
        }
    }
}
