using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Cooperation.Web.Pages;

/// <summary>
/// The page a browser gets for an error (ErrorPages): re-executed with the original method for an empty 4xx/5xx or an
/// exception, so it takes any method, checks no anti-forgery token and needs no sign-in.
/// </summary>
[AllowAnonymous]
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    [BindProperty(SupportsGet = true)] public int? Status { get; set; }

    /// <summary>Where the person was going, for the language switch to return to.</summary>
    public string ReturnUrl { get; private set; } = "/";

    public void OnGet() => Describe();

    public void OnPost() => Describe();

    private void Describe()
    {
        var reExecuted = HttpContext.Features.Get<IStatusCodeReExecuteFeature>();
        var failed = HttpContext.Features.Get<IExceptionHandlerPathFeature>();
        if (reExecuted is null && failed is null)
        {
            // Opened directly (/error/404): answer with the status the page describes.
            Response.StatusCode = Status is >= 400 and < 600 ? Status.Value : StatusCodes.Status404NotFound;
        }

        Status = Response.StatusCode;
        ReturnUrl = reExecuted is not null ? reExecuted.OriginalPath + reExecuted.OriginalQueryString : failed?.Path ?? "/";
    }
}
