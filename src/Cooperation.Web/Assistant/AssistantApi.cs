using System.Security.Claims;

namespace Cooperation.Web.Assistant;

public static class AssistantApi
{
    public static IEndpointRouteBuilder MapAssistantApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/api/assistant/ask", async (AskInput input, ClaimsPrincipal user, AssistantService assistant, CancellationToken ct) =>
                TypedResults.Ok(await assistant.AskAsync(user, input, ct)))
            .WithTags("Assistant")
            .WithSummary("Answers a rules question from the documents you may read, citing document, version, section and the quoted words; declines when they do not say.");
        return endpoints;
    }
}
