using System.Net;
using System.Net.Http.Json;

namespace Cooperation.Web.Tests.Authorization;

internal static class TeamsCases
{
    public static IEnumerable<ApiCase> All()
    {
        yield return new("GET", "/api/teams/links", _ => "/api/teams/links", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("POST", "/api/teams/links", _ => "/api/teams/links", _ => JsonContent.Create(new { code = "NOTACODE" }), Expect.SignedIn(HttpStatusCode.BadRequest));
        yield return new("DELETE", "/api/teams/links/{linkId}", _ => $"/api/teams/links/{Guid.NewGuid()}", _ => null, Expect.SignedIn(HttpStatusCode.NotFound));
    }
}
