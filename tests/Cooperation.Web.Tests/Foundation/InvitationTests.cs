using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using static Cooperation.Web.Tests.Infrastructure.ProblemResponses;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>
/// Issue 14, item 3: invitations are invitations. Nobody joins a workspace without saying yes, inviting tells nobody
/// whether an email has an account, and a public workspace's readers do not get its member list.
/// </summary>
public sealed partial class InvitationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task InvitingAnExistingAccountWaitsForItsAnswerInsteadOfAddingItAtOnce()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Seminars");
        var existing = await app.CreateUserAsync("existing@invitations.example");

        var invite = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email = "existing@invitations.example", role = "member" }, Ct);
        Assert.Equal(HttpStatusCode.OK, invite.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await existing.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
        Assert.DoesNotContain(await coordinator.GetAsync<List<MemberDto>>($"/api/workspaces/{workspace}/members"), m => m.UserId == existing.Id);

        var received = Assert.Single(await existing.GetAsync<List<ReceivedInvitation>>("/api/invitations/received"));
        Assert.Equal(workspace, received.WorkspaceId);
        Assert.StartsWith("Seminars", received.WorkspaceName);
        Assert.Equal(WorkspaceRole.Member, received.Role);
        Assert.Equal("coordinator", received.InvitedBy);

        Assert.Equal(HttpStatusCode.NoContent, (await existing.Client.PostAsync($"/api/invitations/received/{received.Id}/accept", null, Ct)).StatusCode);
        Assert.Equal(WorkspaceRole.Member, (await existing.GetAsync<WorkspaceSummary>($"/api/workspaces/{workspace}")).MyRole);
        Assert.Empty(await existing.GetAsync<List<ReceivedInvitation>>("/api/invitations/received"));
        var audit = await coordinator.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{workspace}/audit");
        Assert.Contains(audit, a => a.Action == "invitation.accepted" && a.Actor == "existing");
        Assert.DoesNotContain(audit, a => a.Action == "member.added");
        Assert.Equal(InvitationStatus.Accepted, Assert.Single(await coordinator.GetAsync<List<InvitationSummary>>($"/api/workspaces/{workspace}/invitations")).Status);
    }

    [Fact]
    public async Task TheInviteAnswerIsTheSameWhetherOrNotTheEmailHasAnAccount()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Oracle");
        var existing = await app.CreateUserAsync("known@invitations.example");
        await SetOfficeAsync(app, existing.Id);

        var known = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email = "known@invitations.example", role = "observer" }, Ct);
        var unknown = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email = "unknown@invitations.example", role = "observer" }, Ct);

        Assert.Equal(unknown.StatusCode, known.StatusCode);
        var knownBody = JsonDocument.Parse(await known.Content.ReadAsStringAsync(Ct)).RootElement;
        var unknownBody = JsonDocument.Parse(await unknown.Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(Shape(unknownBody), Shape(knownBody));
        Assert.StartsWith("/account/invitation/", knownBody.GetProperty("link").GetString());
        // Nothing about the account: not its name, office or id.
        var raw = knownBody.GetRawText();
        Assert.DoesNotContain(existing.Id, raw);
        Assert.DoesNotContain("Egyptian Patent Office", raw);
        Assert.DoesNotContain("addedExistingAccount", raw, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ADeclinedInvitationChangesNothingAndCannotBeAcceptedOrWithdrawnAfterwards()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Declined");
        var person = await app.CreateUserAsync("declines@invitations.example");
        var invitation = await InviteAsync(coordinator, workspace, person.Email);

        Assert.Equal(HttpStatusCode.NoContent, (await person.Client.PostAsync($"/api/invitations/received/{invitation.InvitationId}/decline", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
        await AssertProblemAsync(await person.Client.PostAsync($"/api/invitations/received/{invitation.InvitationId}/accept", null, Ct), HttpStatusCode.Conflict, "already declined");
        await AssertProblemAsync(await coordinator.Client.DeleteAsync($"/api/workspaces/{workspace}/invitations/{invitation.InvitationId}", Ct), HttpStatusCode.Conflict, "already declined");
        Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
        Assert.Equal(InvitationStatus.Declined, Assert.Single(await coordinator.GetAsync<List<InvitationSummary>>($"/api/workspaces/{workspace}/invitations")).Status);
        Assert.Contains(await coordinator.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{workspace}/audit"), a => a.Action == "invitation.declined");
    }

    [Fact]
    public async Task RevokingAnAcceptedInvitationIsRefusedWithASentenceAndChangesNothing()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Accepted");
        var invitation = await InviteAsync(coordinator, workspace, "newcomer@invitations.example");
        var joined = await app.AnonymousClient().PostAsJsonAsync("/api/invitations/accept",
            new { token = invitation.Link.Split('/').Last(), displayName = "Newcomer", password = "newcomer-password-1" }, Ct);
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);

        var revoke = await coordinator.Client.DeleteAsync($"/api/workspaces/{workspace}/invitations/{invitation.InvitationId}", Ct);
        await AssertProblemAsync(revoke, HttpStatusCode.Conflict, "This invitation was already accepted: newcomer@invitations.example is a member now. Remove them from the member list instead.");

        var stored = await app.WithDbAsync(db => db.Invitations.SingleAsync(i => i.Id == invitation.InvitationId, Ct));
        Assert.NotNull(stored.AcceptedAt);
        Assert.Null(stored.RevokedAt);
        Assert.Contains(await coordinator.GetAsync<List<MemberDto>>($"/api/workspaces/{workspace}/members"), m => m.Email == "newcomer@invitations.example");
        Assert.DoesNotContain(await coordinator.GetAsync<List<AuditEntryDto>>($"/api/workspaces/{workspace}/audit"), a => a.Action == "invitation.revoked");
    }

    [Fact]
    public async Task AnInvitationIsAnsweredOnlyByTheAccountItIsAddressedTo()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Addressed");
        await app.CreateUserAsync("addressee@invitations.example");
        var other = await app.CreateUserAsync("other@invitations.example");
        var invitation = await InviteAsync(coordinator, workspace, "addressee@invitations.example");

        Assert.Empty(await other.GetAsync<List<ReceivedInvitation>>("/api/invitations/received"));
        await AssertProblemAsync(await other.Client.PostAsync($"/api/invitations/received/{invitation.InvitationId}/accept", null, Ct), HttpStatusCode.NotFound, "no invitation");
        await AssertProblemAsync(await other.Client.PostAsync($"/api/invitations/received/{invitation.InvitationId}/decline", null, Ct), HttpStatusCode.NotFound, "no invitation");

        // Nor by the link, signed in as someone else.
        var browser = app.AnonymousClient();
        await browser.SignInAsync(other.Email, CooperationApp.UserPassword);
        var refused = await browser.PostFormAsync(invitation.Link, new Dictionary<string, string> { ["accept"] = "true" }, invitation.Link + "?handler=Answer");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("This invitation is for addressee@invitations.example", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)));
        Assert.Equal(HttpStatusCode.NotFound, (await other.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
    }

    [Fact]
    public async Task AnExistingAccountAcceptsOnItsWorkspacesPageOrThroughTheLinkWhileSignedIn()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, first) = await WorkspaceAsync(app, "From the list");
        var second = await CreateAsync(coordinator, "From the link");
        var person = await app.CreateUserAsync("welcome@invitations.example");
        var fromList = await InviteAsync(coordinator, first, person.Email, "observer");
        var fromLink = await InviteAsync(coordinator, second, person.Email);

        var browser = app.AnonymousClient();
        await browser.SignInAsync(person.Email, CooperationApp.UserPassword);
        var home = WebUtility.HtmlDecode(await browser.GetStringAsync("/", Ct));
        Assert.Contains("coordinator invites you to the workspace From the list", home);
        Assert.Contains("From the link", home);

        var accepted = await browser.PostFormAsync("/", new Dictionary<string, string> { ["invitationId"] = fromList.InvitationId.ToString() }, "/?handler=AcceptInvitation");
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        Assert.Equal($"/workspaces/{first}", accepted.Headers.Location?.OriginalString);
        Assert.Equal(WorkspaceRole.Observer, (await person.GetAsync<WorkspaceSummary>($"/api/workspaces/{first}")).MyRole);

        // The link, opened while signed in, offers the same answer instead of a second account.
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync(fromLink.Link, Ct));
        Assert.Contains("The invitation is for welcome@invitations.example.", page);
        Assert.DoesNotContain("Create my account", page);
        var viaLink = await browser.PostFormAsync(fromLink.Link, new Dictionary<string, string> { ["accept"] = "true" }, fromLink.Link + "?handler=Answer");
        Assert.Equal(HttpStatusCode.Redirect, viaLink.StatusCode);
        Assert.Equal(WorkspaceRole.Member, (await person.GetAsync<WorkspaceSummary>($"/api/workspaces/{second}")).MyRole);
        Assert.DoesNotContain("invites you", WebUtility.HtmlDecode(await browser.GetStringAsync("/", Ct)));
    }

    [Fact]
    public async Task DecliningOnTheWorkspacesPageLeavesThePersonOutside()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Not for me");
        var person = await app.CreateUserAsync("no-thanks@invitations.example");
        var invitation = await InviteAsync(coordinator, workspace, person.Email);

        var browser = app.AnonymousClient();
        await browser.SignInAsync(person.Email, CooperationApp.UserPassword);
        var declined = await browser.PostFormAsync("/", new Dictionary<string, string> { ["invitationId"] = invitation.InvitationId.ToString() }, "/?handler=DeclineInvitation");

        Assert.Equal(HttpStatusCode.OK, declined.StatusCode);
        var page = WebUtility.HtmlDecode(await declined.Content.ReadAsStringAsync(Ct));
        Assert.Contains("You declined the invitation.", page);
        Assert.DoesNotContain("Not for me", page);
        Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
    }

    [Fact]
    public async Task CoordinatorsSeePendingInvitationsOnTheWorkspacePageAndWithdrawThem()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var browser = app.AnonymousClient();
        var coordinator = await app.CreateUserAsync("coordinator@invitations.example");
        await browser.SignInAsync(coordinator.Email, CooperationApp.UserPassword);
        var workspace = await CreateAsync(coordinator, "Withdrawn");
        var invitation = await InviteAsync(coordinator, workspace, "pending@invitations.example");
        var page = $"/workspaces/{workspace}";

        var before = WebUtility.HtmlDecode(await browser.GetStringAsync(page, Ct));
        Assert.Matches(PendingRow("pending@invitations.example"), before);

        // A member neither sees the pending invitations nor withdraws them.
        var member = await app.CreateUserAsync("member@invitations.example");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);
        var memberBrowser = app.AnonymousClient();
        await memberBrowser.SignInAsync(member.Email, CooperationApp.UserPassword);
        Assert.DoesNotContain("pending@invitations.example", WebUtility.HtmlDecode(await memberBrowser.GetStringAsync(page, Ct)));
        var refused = await memberBrowser.PostFormAsync(page, new Dictionary<string, string> { ["invitationId"] = invitation.InvitationId.ToString() }, page + "?handler=RevokeInvitation");
        Assert.Contains("Only the workspace's coordinators can do this.", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct)));
        Assert.Null(await app.WithDbAsync(db => db.Invitations.Where(i => i.Id == invitation.InvitationId).Select(i => i.RevokedAt).SingleAsync(Ct)));

        var withdrawn = await browser.PostFormAsync(page, new Dictionary<string, string> { ["invitationId"] = invitation.InvitationId.ToString() }, page + "?handler=RevokeInvitation");
        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        var after = WebUtility.HtmlDecode(await withdrawn.Content.ReadAsStringAsync(Ct));
        Assert.Contains("The invitation was withdrawn.", after);
        Assert.DoesNotMatch(PendingRow("pending@invitations.example"), after);
        await AssertProblemAsync(await app.AnonymousClient().GetAsync($"/api/invitations/{invitation.Link.Split('/').Last()}", Ct), HttpStatusCode.BadRequest, "withdrawn");
    }

    [Fact]
    public async Task NobodyIsAddedToAWorkspaceByTheirAccountId()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "No shortcuts");
        var person = await app.CreateUserAsync("bystander@invitations.example");

        var added = await coordinator.Client.PutAsJsonAsync($"/api/workspaces/{workspace}/members/{person.Id}", new { role = "member" }, Ct);

        await AssertProblemAsync(added, HttpStatusCode.NotFound, "invite them by email");
        Assert.Equal(HttpStatusCode.NotFound, (await person.Client.GetAsync($"/api/workspaces/{workspace}", Ct)).StatusCode);
    }

    [Fact]
    public async Task InvitingSomeoneWhoIsAlreadyAMemberSaysSo()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Members");
        var member = await app.CreateUserAsync("member@invitations.example");
        await app.AddMemberAsync(workspace, member, WorkspaceRole.Member);

        var again = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email = "MEMBER@invitations.example", role = "observer" }, Ct);

        await AssertProblemAsync(again, HttpStatusCode.Conflict, "already a member");
        Assert.Equal(WorkspaceRole.Member, (await member.GetAsync<WorkspaceSummary>($"/api/workspaces/{workspace}")).MyRole);
    }

    [Fact]
    public async Task AnotherInvitationToTheSamePersonReplacesTheOpenOne()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Twice");
        var first = await InviteAsync(coordinator, workspace, "twice@invitations.example");
        var second = await InviteAsync(coordinator, workspace, "Twice@Invitations.example", "observer");

        await AssertProblemAsync(await app.AnonymousClient().GetAsync($"/api/invitations/{first.Link.Split('/').Last()}", Ct), HttpStatusCode.BadRequest, "withdrawn");
        Assert.Equal(HttpStatusCode.OK, (await app.AnonymousClient().GetAsync($"/api/invitations/{second.Link.Split('/').Last()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task ReadersOfAPublicWorkspaceWhoAreNotMembersDoNotGetItsMemberList()
    {
        await using var app = new CooperationApp(settings: NoDemo);
        var (coordinator, workspace) = await WorkspaceAsync(app, "Shared rules");
        await app.MakePublicAsync(workspace);
        var reader = await app.CreateUserAsync("reader@invitations.example");

        Assert.Equal(HttpStatusCode.OK, (await reader.Client.GetAsync($"/api/workspaces/{workspace}/documents", Ct)).StatusCode);
        await AssertProblemAsync(await reader.Client.GetAsync($"/api/workspaces/{workspace}/members", Ct), HttpStatusCode.Forbidden,
            "The member list of a public workspace is shown to its members only.");
        Assert.NotEmpty(await coordinator.GetAsync<List<MemberDto>>($"/api/workspaces/{workspace}/members"));

        var browser = app.AnonymousClient();
        await browser.SignInAsync(reader.Email, CooperationApp.UserPassword);
        var page = WebUtility.HtmlDecode(await browser.GetStringAsync($"/workspaces/{workspace}", Ct));
        Assert.Contains("data-testid=\"members-hidden\"", page);
        Assert.DoesNotContain(coordinator.Email, page);
    }

    private static readonly Dictionary<string, string?> NoDemo = new() { ["Cooperation:Seed:Demo"] = "false" };

    private static async Task<(TestUser Coordinator, Guid Workspace)> WorkspaceAsync(CooperationApp app, string name)
    {
        var coordinator = await app.CreateUserAsync("coordinator@invitations.example");
        return (coordinator, await CreateAsync(coordinator, name));
    }

    private static async Task<Guid> CreateAsync(TestUser coordinator, string name)
    {
        var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        return (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
    }

    private static async Task<InvitationResult> InviteAsync(TestUser coordinator, Guid workspace, string email, string role = "member")
    {
        var response = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspace}/invitations", new { email, role }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<InvitationResult>(ApiJson.Options, Ct))!;
    }

    private static Task SetOfficeAsync(CooperationApp app, string userId) =>
        app.WithDbAsync(async db =>
        {
            var office = new Cooperation.Web.Offices.Office { Name = "Egyptian Patent Office", CountryCode = "EG", TimeZone = "Africa/Cairo" };
            db.Offices.Add(office);
            await db.SaveChangesAsync(Ct);
            return await db.Users.Where(u => u.Id == userId).ExecuteUpdateAsync(s => s.SetProperty(u => u.OfficeId, office.Id), Ct);
        });

    // Property names and value kinds: what a client could tell apart without knowing the values.
    private static List<string> Shape(JsonElement body) =>
        body.EnumerateObject().Select(p => $"{p.Name}:{p.Value.ValueKind}").Order().ToList();

    private static Regex PendingRow(string email) => new($"data-testid=\"pending-invitations\"[\\s\\S]*<td>{Regex.Escape(email)}</td>");
}
