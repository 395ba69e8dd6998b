using System.Net;
using System.Net.Http.Json;

namespace Cooperation.Web.Tests.Authorization;

internal static class FoundationCases
{
    private static HttpContent Json(object value) => JsonContent.Create(value);

    public static IEnumerable<ApiCase> All()
    {
        yield return new("GET", "/api/me", _ => "/api/me", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("PUT", "/api/me/profile", _ => "/api/me/profile",
            _ => Json(new { displayName = "Matrix person", officeId = (Guid?)null, timeZone = "Asia/Almaty", language = "en" }), Expect.SignedIn(HttpStatusCode.OK));
        // A wrong current password: every signed-in person reaches the check, and nobody's password changes.
        yield return new("POST", "/api/me/password", _ => "/api/me/password",
            _ => Json(new { currentPassword = "not-the-password-1", newPassword = "another-password-2" }), Expect.SignedIn(HttpStatusCode.BadRequest));
        // Ends cookie sessions only; the matrix signs in with tokens, which stay.
        yield return new("POST", "/api/me/sign-out-others", _ => "/api/me/sign-out-others", _ => Json(new { revokeTokens = false }), Expect.SignedIn(HttpStatusCode.OK));
        yield return new("GET", "/api/tokens", _ => "/api/tokens", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("POST", "/api/tokens", _ => "/api/tokens", _ => Json(new { name = "t", days = 5 }), Expect.SignedIn(HttpStatusCode.OK));
        yield return new("DELETE", "/api/tokens/{tokenId}", _ => $"/api/tokens/{Guid.NewGuid()}", _ => null, Expect.SignedIn(HttpStatusCode.NotFound));

        yield return new("GET", "/api/offices", _ => "/api/offices", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("POST", "/api/offices", _ => "/api/offices",
            _ => Json(new { name = $"Office {Guid.NewGuid():N}", countryCode = "KZ", timeZone = "Asia/Almaty", languages = new[] { "kk", "ru" } }),
            Expect.AdministratorOnly(HttpStatusCode.Created));
        yield return new("PUT", "/api/offices/{officeId}", c => $"/api/offices/{c.Values["office"]}",
            _ => Json(new { name = $"Office {Guid.NewGuid():N}", countryCode = "EG", timeZone = "Africa/Cairo" }),
            Expect.AdministratorOnly(HttpStatusCode.OK))
        {
            Setup = async (app, c) => c.Values["office"] = (await app.WithDbAsync(async db =>
            {
                var office = new Cooperation.Web.Offices.Office { Name = $"Setup {Guid.NewGuid():N}", CountryCode = "CL", TimeZone = "America/Santiago" };
                db.Offices.Add(office);
                await db.SaveChangesAsync();
                return office.Id;
            })).ToString(),
        };

        yield return new("GET", "/api/workspaces", _ => "/api/workspaces", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("POST", "/api/workspaces", _ => "/api/workspaces", _ => Json(new { name = $"New {Guid.NewGuid():N}" }), Expect.SignedIn(HttpStatusCode.Created));
        yield return new("GET", "/api/workspaces/{workspaceId}", c => $"/api/workspaces/{c.WorkspaceId}", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("PATCH", "/api/workspaces/{workspaceId}", c => $"/api/workspaces/{c.WorkspaceId}",
            _ => Json(new { description = "changed" }), Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("POST", "/api/workspaces/{workspaceId}/archive", c => $"/api/workspaces/{c.WorkspaceId}/archive", _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("POST", "/api/workspaces/{workspaceId}/unarchive", c => $"/api/workspaces/{c.WorkspaceId}/unarchive", _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("GET", "/api/workspaces/{workspaceId}/members", c => $"/api/workspaces/{c.WorkspaceId}/members", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("PUT", "/api/workspaces/{workspaceId}/members/{userId}", c => $"/api/workspaces/{c.WorkspaceId}/members/{c.TargetMemberId}",
            _ => Json(new { role = "observer" }), Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("DELETE", "/api/workspaces/{workspaceId}/members/{userId}", c => $"/api/workspaces/{c.WorkspaceId}/members/{c.TargetMemberId}",
            _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("GET", "/api/workspaces/{workspaceId}/invitations", c => $"/api/workspaces/{c.WorkspaceId}/invitations", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("POST", "/api/workspaces/{workspaceId}/invitations", c => $"/api/workspaces/{c.WorkspaceId}/invitations",
            _ => Json(new { email = $"{Guid.NewGuid():N}@invited.example", role = "member" }), Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("DELETE", "/api/workspaces/{workspaceId}/invitations/{invitationId}", c => $"/api/workspaces/{c.WorkspaceId}/invitations/{Guid.NewGuid()}",
            _ => null, Expect.WorkspaceManage(HttpStatusCode.NotFound));
        yield return new("GET", "/api/workspaces/{workspaceId}/audit", c => $"/api/workspaces/{c.WorkspaceId}/audit", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK));

        // Invitation links are for people without an account yet, so anyone may present one; a forged one is refused.
        yield return new("GET", "/api/invitations/{token}", _ => "/api/invitations/forged", _ => null, Expect.All(HttpStatusCode.BadRequest));
        yield return new("POST", "/api/invitations/accept", _ => "/api/invitations/accept",
            _ => Json(new { token = "forged", displayName = "X", password = "long-enough-1" }), Expect.All(HttpStatusCode.BadRequest));
    }
}
