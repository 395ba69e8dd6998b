using System.Net;
using System.Net.Http.Json;

namespace Cooperation.Web.Tests.Authorization;

internal static class AssistantCases
{
    public static IEnumerable<ApiCase> All()
    {
        // Anyone signed in may ask; what they get is limited to what they may read (AssistantApiTests).
        yield return new("POST", "/api/assistant/ask", _ => "/api/assistant/ask", _ => JsonContent.Create(new { question = "What is the priority period?" }), Expect.SignedIn(HttpStatusCode.OK));
    }
}
