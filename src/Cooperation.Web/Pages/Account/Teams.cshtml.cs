using Cooperation.Web.Infrastructure;
using Cooperation.Web.Teams;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Account;

public sealed class TeamsModel(TeamsLinking linking) : PageModel
{
    [BindProperty] public string? Code { get; set; }

    public List<TeamsLinkDto> Links { get; private set; } = [];
    public TeamsLinkDto? Linked { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Links = await linking.ListAsync(User.UserId(), cancellationToken);

    public async Task OnPostRedeemAsync(CancellationToken cancellationToken)
    {
        try
        {
            Linked = await linking.RedeemAsync(User.UserId(), Code, cancellationToken);
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
        }

        await OnGetAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostUnlinkAsync(Guid id, CancellationToken cancellationToken)
    {
        await linking.UnlinkAsync(User.UserId(), id, cancellationToken);
        return RedirectToPage();
    }
}
