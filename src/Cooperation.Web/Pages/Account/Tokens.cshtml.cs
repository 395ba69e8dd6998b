using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Account;

public sealed class TokensModel(AccessTokenService tokens) : PageModel
{
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public int Days { get; set; } = 90;

    public List<AccessTokenSummary> Tokens { get; private set; } = [];
    public CreatedAccessToken? Created { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => Tokens = await tokens.ListAsync(User.UserId(), cancellationToken);

    public async Task OnPostCreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            Created = await tokens.CreateAsync(User.UserId(), Name, Days, cancellationToken);
        }
        catch (ProblemException problem)
        {
            Error = problem.Message;
        }

        Tokens = await tokens.ListAsync(User.UserId(), cancellationToken);
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken cancellationToken)
    {
        await tokens.RevokeAsync(User.UserId(), id, cancellationToken);
        return RedirectToPage();
    }
}
