using Microsoft.AspNetCore.Diagnostics;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// A person in a browser gets the site's own page for an error (Pages/Error.cshtml, in the page's language); the API,
/// the hub, health checks and anything that does not ask for HTML keep ProblemDetails.
/// </summary>
public static class ErrorPages
{
    public const string Path = "/error";

    private static readonly string[] MachinePaths = ["/api", "/hubs", "/openapi", "/scalar", "/healthz", "/readyz", "/culture", Path];

    /// <summary>A request for a page, from a browser: not a machine path, and HTML is acceptable.</summary>
    public static bool WantsPage(HttpContext context)
    {
        var request = context.Request;
        if (MachinePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
    }

    /// <summary>In place of UseExceptionHandler: failures on pages re-run the pipeline for the error page.</summary>
    public static WebApplication UseErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            // Reached only when ProblemExceptionHandler leaves the exception to a page (WantsPage).
            ExceptionHandlingPath = Path,
            StatusCodeSelector = exception => exception switch
            {
                ProblemException problem => problem.Status,
                BadHttpRequestException bad => bad.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
            },
            // The not-found page is the intended answer, not a sign that the error path itself is missing.
            AllowStatusCode404Response = true,
        });
        return app;
    }

    /// <summary>In place of UseStatusCodePages: an empty 4xx/5xx becomes the error page or a ProblemDetails body.</summary>
    public static WebApplication UseStatusCodeAnswers(this WebApplication app)
    {
        app.UseWhen(WantsPage, page => page.UseStatusCodePagesWithReExecute(Path + "/{0}"));
        app.UseWhen(context => !WantsPage(context), machine => machine.UseStatusCodePages());
        return app;
    }
}
