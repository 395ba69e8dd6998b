using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>Each bad request gets a 4xx ProblemDetails a person can act on, and the database is left as it was.</summary>
public sealed class BadInputTests(BadInputTests.Fixture fixture) : IClassFixture<BadInputTests.Fixture>
{
    public sealed class Fixture : IAsyncLifetime
    {
        public CooperationApp App { get; } = new();
        public TestUser Admin { get; private set; } = null!;
        public TestUser Coordinator { get; private set; } = null!;
        public Guid WorkspaceId { get; private set; }

        public async ValueTask InitializeAsync()
        {
            Admin = await App.CreateUserAsync("admin2@bad.example", administrator: true);
            Coordinator = await App.CreateUserAsync("coordinator@bad.example");
            var response = await Coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = "Existing workspace" });
            WorkspaceId = (await response.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options))!.Id;
        }

        public async ValueTask DisposeAsync() => await App.DisposeAsync();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string> BadWorkspaces => new()
    {
        { """{"name":""}""", "name" },
        { """{"name":"   "}""", "name" },
        { $$"""{"name":"{{new string('x', 121)}}"}""", "name" },
        { """{"name":"Existing workspace"}""", "already exists" },
        { """{"name":"ok","description":"{{new string('d', 4001)}}"}""".Replace("{{new string('d', 4001)}}", new string('d', 4001)), "description" },
        { """{"name":"ok", "unknownField": 1}""", "field this endpoint does not know" },
        { """{"name": 42}""", "wrong type" },
        { """{"name":"ok" """, "not well-formed JSON" },
        { """[1,2,3]""", "wrong type" },
    };

    [Theory]
    [MemberData(nameof(BadWorkspaces))]
    public async Task BadWorkspaceInputIsRefusedAndNothingIsWritten(string body, string expectedInMessage)
    {
        var before = await CountsAsync();
        var response = await fixture.Coordinator.Client.PostAsync("/api/workspaces", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        await AssertProblemAsync(response, expectedInMessage);
        Assert.Equal(before, await CountsAsync());
    }

    public static TheoryData<string, string> BadOffices => new()
    {
        { """{"name":"","countryCode":"CN","timeZone":"Asia/Shanghai"}""", "office name" },
        { $$"""{"name":"{{new string('o', 161)}}","countryCode":"CN","timeZone":"Asia/Shanghai"}""", "office name" },
        { """{"name":"Office X","countryCode":"XX","timeZone":"Asia/Shanghai"}""", "ISO 3166-1" },
        { """{"name":"Office X","countryCode":"China","timeZone":"Asia/Shanghai"}""", "ISO 3166-1" },
        { """{"name":"Office X","countryCode":"CN","timeZone":"Mars/Olympus"}""", "IANA time zone" },
        { """{"name":"Office X","countryCode":"CN","timeZone":"China Standard Time"}""", "IANA time zone" },
        { """{"name":"Office X","countryCode":"CN","timeZone":"Asia/Shanghai","languages":["zz-notalanguage"]}""", "language tag" },
        { """{"name":"Office X","countryCode":"CN","timeZone":"Asia/Shanghai","workdayStart":"18:00:00","workdayEnd":"09:00:00"}""", "end after it starts" },
    };

    [Theory]
    [MemberData(nameof(BadOffices))]
    public async Task BadOfficeInputIsRefusedAndNothingIsWritten(string body, string expectedInMessage)
    {
        var before = await CountsAsync();
        var response = await fixture.Admin.Client.PostAsync("/api/offices", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        await AssertProblemAsync(response, expectedInMessage);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task AnOfficeNameCannotBeUsedTwice()
    {
        var body = new { name = "Twin office", countryCode = "KZ", timeZone = "Asia/Almaty" };
        Assert.Equal(HttpStatusCode.Created, (await fixture.Admin.Client.PostAsJsonAsync("/api/offices", body, Ct)).StatusCode);
        await AssertProblemAsync(await fixture.Admin.Client.PostAsJsonAsync("/api/offices", body, Ct), "already exists");
    }

    [Fact]
    public async Task ForgedUsedAndExpiredInvitationLinksAreRefused()
    {
        var app = fixture.App;
        var invite = await fixture.Coordinator.Client.PostAsJsonAsync($"/api/workspaces/{fixture.WorkspaceId}/invitations", new { email = "newcomer@bad.example", role = "member" }, Ct);
        var link = JsonDocument.Parse(await invite.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("link").GetString()!;
        var token = link.Split('/').Last();
        var anonymous = app.AnonymousClient();

        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token = token + "x", displayName = "N", password = "long-enough-1" }, Ct), "not valid");
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, displayName = "N", password = "short" }, Ct), "Passwords must be at least 10");
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "newcomer@bad.example", Ct)));

        Assert.Equal(HttpStatusCode.OK, (await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, displayName = "Newcomer", password = "long-enough-1" }, Ct)).StatusCode);
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token, displayName = "Again", password = "long-enough-1" }, Ct), "already been used");

        var second = await fixture.Coordinator.Client.PostAsJsonAsync($"/api/workspaces/{fixture.WorkspaceId}/invitations", new { email = "late@bad.example", role = "observer" }, Ct);
        var lateToken = JsonDocument.Parse(await second.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("link").GetString()!.Split('/').Last();
        await app.WithDbAsync(db => db.Invitations.Where(i => i.Email == "late@bad.example")
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTime.UtcNow.AddMinutes(-1)), Ct));
        await AssertProblemAsync(await anonymous.PostAsJsonAsync("/api/invitations/accept", new { token = lateToken, displayName = "Late", password = "long-enough-1" }, Ct), "expired");
        Assert.Equal(0, await app.WithDbAsync(db => db.Users.CountAsync(u => u.Email == "late@bad.example", Ct)));
    }

    [Fact]
    public async Task RevokedExpiredAndUnknownTokensAreRefused()
    {
        var user = await fixture.App.CreateUserAsync("tokens@bad.example");
        Assert.Equal(HttpStatusCode.OK, (await user.Client.GetAsync("/api/me", Ct)).StatusCode);

        var tokens = await user.GetAsync<List<Cooperation.Web.Accounts.AccessTokenSummary>>("/api/tokens");
        Assert.Equal(HttpStatusCode.NoContent, (await user.Client.DeleteAsync($"/api/tokens/{tokens[0].Id}", Ct)).StatusCode);
        await AssertProblemAsync(await user.Client.GetAsync("/api/me", Ct), "expired or revoked", HttpStatusCode.Unauthorized);

        var other = await fixture.App.CreateUserAsync("expiring@bad.example");
        await fixture.App.WithDbAsync(db => db.AccessTokens.Where(t => t.UserId == other.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), Ct));
        await AssertProblemAsync(await other.Client.GetAsync("/api/me", Ct), "expired or revoked", HttpStatusCode.Unauthorized);

        await AssertProblemAsync(await fixture.App.ClientWithToken("coop_forged").GetAsync("/api/me", Ct), "expired or revoked", HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task TokenLifetimeAndNameAreChecked()
    {
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync("/api/tokens", new { days = 1000 }, Ct), "between 1 and 366 days");
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync("/api/tokens", new { days = 0 }, Ct), "between 1 and 366 days");
        await AssertProblemAsync(await fixture.Coordinator.Client.PostAsJsonAsync("/api/tokens", new { name = new string('n', 101) }, Ct), "at most 100");
    }

    [Fact]
    public async Task TheLastCoordinatorCannotLeaveOrBeDemoted()
    {
        var me = fixture.Coordinator;
        await AssertProblemAsync(await me.Client.DeleteAsync($"/api/workspaces/{fixture.WorkspaceId}/members/{me.Id}", Ct), "at least one coordinator", HttpStatusCode.Conflict);
        await AssertProblemAsync(await me.Client.PutAsJsonAsync($"/api/workspaces/{fixture.WorkspaceId}/members/{me.Id}", new { role = "member" }, Ct), "at least one coordinator", HttpStatusCode.Conflict);
        await AssertProblemAsync(await me.Client.PutAsJsonAsync($"/api/workspaces/{fixture.WorkspaceId}/members/{me.Id}", new { role = "owner" }, Ct), "wrong type");
        await AssertProblemAsync(await me.Client.PostAsJsonAsync($"/api/workspaces/{fixture.WorkspaceId}/invitations", new { email = "not-an-email" }, Ct), "not an email address");
    }

    [Fact]
    public async Task AnArchivedWorkspaceIsReadOnlyUntilUnarchived()
    {
        var client = fixture.Coordinator.Client;
        var created = await client.PostAsJsonAsync("/api/workspaces", new { name = "To archive" }, Ct);
        var id = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, Ct))!.Id;
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/workspaces/{id}/archive", null, Ct)).StatusCode);
        await AssertProblemAsync(await client.PatchAsJsonAsync($"/api/workspaces/{id}", new { description = "x" }, Ct), "archived", HttpStatusCode.Conflict);
        Assert.DoesNotContain("To archive", await client.GetStringAsync("/api/workspaces", Ct));
        Assert.Contains("To archive", await client.GetStringAsync("/api/workspaces?includeArchived=true", Ct));
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/workspaces/{id}/unarchive", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.PatchAsJsonAsync($"/api/workspaces/{id}", new { description = "x" }, Ct)).StatusCode);
    }

    private async Task<(int Workspaces, int Offices, int Users, int Memberships, int Audit)> CountsAsync() =>
        await fixture.App.WithDbAsync(async db => (
            await db.Workspaces.CountAsync(Ct), await db.Offices.CountAsync(Ct), await db.Users.CountAsync(Ct),
            await db.Memberships.CountAsync(Ct), await db.AuditEntries.CountAsync(Ct)));

    private static async Task AssertProblemAsync(HttpResponseMessage response, string expectedInMessage, HttpStatusCode? status = null)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True((int)response.StatusCode is >= 400 and < 500, $"Expected a 4xx, got {(int)response.StatusCode}: {body}");
        if (status is not null)
        {
            Assert.Equal(status, response.StatusCode);
        }

        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expectedInMessage, body, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", body);
    }
}
