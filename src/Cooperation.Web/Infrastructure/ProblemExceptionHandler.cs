using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Cooperation.Web.Infrastructure;

/// <summary>Turns known failures into ProblemDetails; anything else becomes a 500 without internals.</summary>
internal sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger)
    : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ProblemException p when p.Errors is not null => new HttpValidationProblemDetails(p.Errors) { Status = p.Status, Title = p.Title, Detail = p.Message },
            ProblemException p => new ProblemDetails { Status = p.Status, Title = p.Title, Detail = p.Message },
            BadHttpRequestException { InnerException: JsonException json } => new ProblemDetails
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request body is not valid",
                Detail = DescribeJsonError(json),
            },
            BadHttpRequestException bad => new ProblemDetails
            {
                Status = bad.StatusCode,
                Title = "The request is not valid",
                Detail = bad.Message,
            },
            OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested => null,
            _ => new ProblemDetails
            {
                Status = StatusCodes.Status500InternalServerError,
                Title = "Something went wrong on our side",
                Detail = "The request was not completed and nothing was changed. Try again; if it keeps failing, tell an administrator the time it happened.",
            },
        };

        if (problem is null)
        {
            return true;
        }

        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Path);
        }

        if (ErrorPages.WantsPage(httpContext))
        {
            // A person in a browser: the exception handler shows the error page instead (ErrorPages).
            return false;
        }

        httpContext.Response.StatusCode = problem.Status ?? 500;
        if (!await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception }))
        {
            // The caller accepts no JSON (Accept: text/html on an API path): ProblemDetails all the same, never a page.
            await TypedResults.Problem(problem).ExecuteAsync(httpContext);
        }

        return true;
    }

    private static string DescribeJsonError(JsonException json)
    {
        var where = string.IsNullOrEmpty(json.Path) ? "" : $" (at {json.Path})";
        return json.Message.Contains("could not be mapped", StringComparison.Ordinal)
            ? $"The body has a field this endpoint does not know{where}. Check the field names against /openapi/v1.json."
            : json.Message.Contains("could not be converted", StringComparison.Ordinal)
                ? $"A field has a value of the wrong type{where}. Check the types against /openapi/v1.json."
                : $"The body is not well-formed JSON{where}.";
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled error on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, PathString path);
}
