using System.Security.Claims;
using Cooperation.Web.Infrastructure;

namespace Cooperation.Web.Assistant;

public static class AssistantApi
{
    public static IEndpointRouteBuilder MapAssistantApi(this IEndpointRouteBuilder endpoints)
    {
        // Each question runs a search and possibly a language model.
        var assistant = endpoints.MapGroup("/api/assistant").WithTags("Assistant").RequireRateLimiting(RateLimitPolicies.Questions);
        assistant.MapPost("/ask", async (AskInput input, ClaimsPrincipal user, AssistantService assistant, CancellationToken ct) =>
                TypedResults.Ok(await assistant.AskAsync(user, input, ct)))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Answers a rules question from the documents you may read, citing document, version, section and the quoted words; declines when they do not say.");
        return endpoints;
    }
}
