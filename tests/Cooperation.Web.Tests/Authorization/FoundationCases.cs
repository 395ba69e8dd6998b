using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Workspaces;
using Microsoft.Extensions.DependencyInjection;

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
        // A public workspace's documents answer everyone: creating one is an administrator's decision.
        yield return new("POST", "/api/workspaces", _ => "/api/workspaces", _ => Json(new { name = $"New {Guid.NewGuid():N}", isPublic = true }),
            Expect.AdministratorOnly(HttpStatusCode.Created)) { Variant = "public" };
        yield return new("GET", "/api/workspaces/{workspaceId}", c => $"/api/workspaces/{c.WorkspaceId}", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        yield return new("PATCH", "/api/workspaces/{workspaceId}", c => $"/api/workspaces/{c.WorkspaceId}",
            _ => Json(new { description = "changed" }), Expect.WorkspaceManage(HttpStatusCode.OK));
        // So is making one public; its coordinators may not (and nothing of the request is applied).
        yield return new("PATCH", "/api/workspaces/{workspaceId}", c => $"/api/workspaces/{c.WorkspaceId}",
            _ => Json(new { isPublic = true }),
            new Dictionary<Persona, HttpStatusCode>(Expect.WorkspaceManage(HttpStatusCode.OK)) { [Persona.Coordinator] = HttpStatusCode.Forbidden }) { Variant = "make public" };
        yield return new("POST", "/api/workspaces/{workspaceId}/archive", c => $"/api/workspaces/{c.WorkspaceId}/archive", _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("POST", "/api/workspaces/{workspaceId}/unarchive", c => $"/api/workspaces/{c.WorkspaceId}/unarchive", _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("GET", "/api/workspaces/{workspaceId}/members", c => $"/api/workspaces/{c.WorkspaceId}/members", _ => null, Expect.WorkspaceRead(HttpStatusCode.OK));
        // Everyone signed in reads a public workspace, but only its members (and administrators) see who they are.
        yield return new("GET", "/api/workspaces/{workspaceId}/members", c => $"/api/workspaces/{c.WorkspaceId}/members", _ => null,
            new Dictionary<Persona, HttpStatusCode>(Expect.WorkspaceRead(HttpStatusCode.OK)) { [Persona.OtherWorkspaceMember] = HttpStatusCode.Forbidden })
        {
            Variant = "public workspace",
            Setup = (app, c) => app.MakePublicAsync(c.WorkspaceId),
        };
        yield return new("PUT", "/api/workspaces/{workspaceId}/members/{userId}", c => $"/api/workspaces/{c.WorkspaceId}/members/{c.TargetMemberId}",
            _ => Json(new { role = "observer" }), Expect.WorkspaceManage(HttpStatusCode.NoContent));
        // Nobody is added this way: people join by accepting an invitation.
        yield return new("PUT", "/api/workspaces/{workspaceId}/members/{userId}", c => $"/api/workspaces/{c.WorkspaceId}/members/{c.Values["outsider"]}",
            _ => Json(new { role = "member" }), Expect.WorkspaceManage(HttpStatusCode.NotFound))
        {
            Variant = "not a member",
            Setup = async (app, c) => c.Values["outsider"] = (await app.CreateUserAsync($"outsider-{Guid.NewGuid():N}@matrix.example")).Id,
        };
        yield return new("DELETE", "/api/workspaces/{workspaceId}/members/{userId}", c => $"/api/workspaces/{c.WorkspaceId}/members/{c.TargetMemberId}",
            _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent));
        yield return new("GET", "/api/workspaces/{workspaceId}/invitations", c => $"/api/workspaces/{c.WorkspaceId}/invitations", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("POST", "/api/workspaces/{workspaceId}/invitations", c => $"/api/workspaces/{c.WorkspaceId}/invitations",
            _ => Json(new { email = $"{Guid.NewGuid():N}@invited.example", role = "member" }), Expect.WorkspaceManage(HttpStatusCode.OK));
        yield return new("DELETE", "/api/workspaces/{workspaceId}/invitations/{invitationId}", c => $"/api/workspaces/{c.WorkspaceId}/invitations/{Guid.NewGuid()}",
            _ => null, Expect.WorkspaceManage(HttpStatusCode.NotFound));
        yield return new("DELETE", "/api/workspaces/{workspaceId}/invitations/{invitationId}", c => $"/api/workspaces/{c.WorkspaceId}/invitations/{c.Values["invitation"]}",
            _ => null, Expect.WorkspaceManage(HttpStatusCode.NoContent)) { Variant = "pending", Setup = InviteOutsiderAsync };

        // Invitations addressed to one's own email: only the person invited (here the outsider) may answer.
        var addressee = Expect.All(HttpStatusCode.NotFound, anonymous: HttpStatusCode.Unauthorized);
        yield return new("GET", "/api/invitations/received", _ => "/api/invitations/received", _ => null, Expect.SignedIn(HttpStatusCode.OK));
        yield return new("POST", "/api/invitations/received/{invitationId}/accept", c => $"/api/invitations/received/{c.Values["invitation"]}/accept", _ => null,
            new Dictionary<Persona, HttpStatusCode>(addressee) { [Persona.OtherWorkspaceMember] = HttpStatusCode.NoContent }) { Setup = InviteOutsiderAsync };
        yield return new("POST", "/api/invitations/received/{invitationId}/decline", c => $"/api/invitations/received/{c.Values["invitation"]}/decline", _ => null,
            new Dictionary<Persona, HttpStatusCode>(addressee) { [Persona.OtherWorkspaceMember] = HttpStatusCode.NoContent }) { Setup = InviteOutsiderAsync };
        yield return new("GET", "/api/workspaces/{workspaceId}/audit", c => $"/api/workspaces/{c.WorkspaceId}/audit", _ => null, Expect.WorkspaceManage(HttpStatusCode.OK));

        // Invitation links are for people without an account yet, so anyone may present one; a forged one is refused.
        yield return new("GET", "/api/invitations/{token}", _ => "/api/invitations/forged", _ => null, Expect.All(HttpStatusCode.BadRequest));
        yield return new("POST", "/api/invitations/accept", _ => "/api/invitations/accept",
            _ => Json(new { token = "forged", displayName = "X", password = "long-enough-1" }), Expect.All(HttpStatusCode.BadRequest));
    }

    /// <summary>An invitation to the case's workspace for the person of the OtherWorkspaceMember persona.</summary>
    private static async Task InviteOutsiderAsync(Infrastructure.CooperationApp app, MatrixContext context)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var invitation = await scope.ServiceProvider.GetRequiredService<InvitationService>().InviteAsync(context.WorkspaceId, context.TargetMemberId,
            new InvitationInput(MatrixFixture.EmailOf(Persona.OtherWorkspaceMember)), CancellationToken.None);
        context.Values["invitation"] = invitation.InvitationId.ToString();
    }
}
