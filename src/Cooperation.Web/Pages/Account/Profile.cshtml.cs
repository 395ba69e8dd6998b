using Cooperation.Web.Accounts;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Cooperation.Web.Offices;
using Cooperation.Web.Programmes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Cooperation.Web.Pages.Account;

/// <summary>One's own account: profile, password, other sessions. Each form saves, then redirects to show the result.</summary>
public sealed class ProfileModel(AccountService accounts, OfficeService offices, IStringLocalizer<Ui> text) : PageModel
{
    [BindProperty] public string? DisplayName { get; set; }
    [BindProperty] public Guid? OfficeId { get; set; }
    [BindProperty] public string? TimeZone { get; set; }
    [BindProperty] public string? Language { get; set; }

    /// <summary>What the last form did: profile, password or sessions (set by the redirect after saving).</summary>
    [BindProperty(SupportsGet = true)] public string? Done { get; set; }
    [BindProperty(SupportsGet = true)] public int Revoked { get; set; }

    public List<OfficeDto> Offices { get; private set; } = [];
    public string? BrowserZone { get; private set; }

    /// <summary>The refused form (profile, password or sessions) and why, in the page's language.</summary>
    public string? ErrorIn { get; private set; }
    public string? Error { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        await FillFromAccountAsync(cancellationToken);
        await LoadAsync(cancellationToken);
    }

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken cancellationToken)
    {
        try
        {
            var me = await accounts.UpdateProfileAsync(User.UserId(), new ProfileInput(DisplayName, OfficeId, TimeZone, Language), cancellationToken);
            if (me.Language is { } language)
            {
                LocalizationExtensions.UseLanguage(Response, language);
            }

            return RedirectToPage(new { done = "profile" });
        }
        catch (ProblemException problem)
        {
            return await RefusedAsync("profile", problem, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostPasswordAsync(string? currentPassword, string? newPassword, CancellationToken cancellationToken)
    {
        try
        {
            await accounts.ChangePasswordAsync(User.UserId(), new PasswordChangeInput(currentPassword, newPassword), cancellationToken);
            await AccountsApi.KeepThisSessionAsync(HttpContext);
            return RedirectToPage(new { done = "password" });
        }
        catch (ProblemException problem)
        {
            await FillFromAccountAsync(cancellationToken);
            return await RefusedAsync("password", problem, cancellationToken);
        }
    }

    public async Task<IActionResult> OnPostSignOutOthersAsync(bool revokeTokens, CancellationToken cancellationToken)
    {
        var result = await accounts.SignOutOthersAsync(User.UserId(), new SignOutOthersInput(revokeTokens), keepTokenId: null, cancellationToken);
        await AccountsApi.KeepThisSessionAsync(HttpContext);
        return RedirectToPage(new { done = "sessions", revoked = result.TokensRevoked });
    }

    private async Task<IActionResult> RefusedAsync(string form, ProblemException problem, CancellationToken cancellationToken)
    {
        ErrorIn = form;
        Error = text.Text(problem);
        Done = null;
        await LoadAsync(cancellationToken);
        return Page();
    }

    private async Task FillFromAccountAsync(CancellationToken cancellationToken)
    {
        var me = await accounts.GetAsync(User.UserId(), cancellationToken);
        (DisplayName, OfficeId, TimeZone, Language) = (me.DisplayName, me.OfficeId, me.TimeZone, me.Language);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        Offices = await offices.ListAsync(cancellationToken);
        BrowserZone = ViewerZone.FromBrowser(Request);
    }
}
