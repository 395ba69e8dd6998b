using Cooperation.Web.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages.Account;

[AllowAnonymous]
public sealed class SignInModel(SignInManager<AppUser> signIn, SignInThrottle throttle) : PageModel
{
    [BindProperty] public string Email { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public bool RememberMe { get; set; }
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    // One message for a wrong password, an unknown email, a disabled account and a source that must wait,
    // so that the page does not tell which emails have accounts.
    internal const string FailedText = "The email or password is not right, or there were too many attempts; wait a few minutes and try again.";

    public string? Error { get; private set; }

    public async Task<IActionResult> OnPostAsync()
    {
        var source = HttpContext.Connection.RemoteIpAddress;
        if (throttle.MustWait(source))
        {
            Error = FailedText;
            return Page();
        }

        // Failures are counted per source by the throttle, not on the account (see SignInThrottle).
        var result = await signIn.PasswordSignInAsync(Email.Trim(), Password, RememberMe, lockoutOnFailure: false);
        if (result.Succeeded)
        {
            throttle.Succeeded(source);
            // The profile's language follows the person to any browser they sign in on.
            if (await signIn.UserManager.FindByEmailAsync(Email.Trim()) is { Language: { } language })
            {
                Localization.LocalizationExtensions.UseLanguage(Response, language);
            }

            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
        }

        throttle.Failed(source);
        Error = FailedText;
        return Page();
    }
}
