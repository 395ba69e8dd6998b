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

    /// <summary>
    /// In place of UseStatusCodePages: an empty 4xx/5xx becomes the error page for a browser, a ProblemDetails body
    /// otherwise. Two status-code middlewares, each switched off for the requests that are the other's: the page one
    /// must be registered on the application itself (not in a UseWhen branch) to re-run routing for the error page.
    /// </summary>
    public static WebApplication UseStatusCodeAnswers(this WebApplication app)
    {
        app.UseStatusCodePagesWithReExecute(Path + "/{0}");
        app.Use(OnlyFor(pages: true));
        // ProblemDetails even for a caller whose Accept header names no JSON, as the exception handler does.
        app.UseStatusCodePages(context => TypedResults.Problem(statusCode: context.HttpContext.Response.StatusCode).ExecuteAsync(context.HttpContext));
        app.Use(OnlyFor(pages: false));
        return app;
    }

    /// <summary>Switches off the status-code middleware just outside it unless the request is of the given kind.</summary>
    private static Func<HttpContext, RequestDelegate, Task> OnlyFor(bool pages) => (context, next) =>
    {
        if (WantsPage(context) != pages && context.Features.Get<IStatusCodePagesFeature>() is { } feature)
        {
            feature.Enabled = false;
        }

        return next(context);
    };
}
