using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Foundation;

/// <summary>The same behaviour on both databases the product supports, each one real.</summary>
public sealed class PersistenceTests
{
    public static TheoryData<TestDatabase> Databases => new(TestDatabase.Sqlite, TestDatabase.Postgres);

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task WorkspacesMembersAndAuditSurviveARestart(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        Guid workspaceId;
        string dataPath;
        string? postgres;
        await using (var first = new CooperationApp(database))
        {
            var coordinator = await first.CreateUserAsync("coordinator@persist.example");
            var member = await first.CreateUserAsync("member@persist.example");
            var created = await coordinator.Client.PostAsJsonAsync("/api/workspaces", new { name = "Examiner exchange 2027", description = "Plans" }, ct);
            workspaceId = (await created.Content.ReadFromJsonAsync<WorkspaceSummary>(ApiJson.Options, ct))!.Id;
            // An existing account joins by accepting the invitation.
            var invited = await coordinator.Client.PostAsJsonAsync($"/api/workspaces/{workspaceId}/invitations", new { email = member.Email, role = "member" }, ct);
            var invitationId = (await invited.Content.ReadFromJsonAsync<InvitationResult>(ApiJson.Options, ct))!.InvitationId;
            Assert.Equal(invitationId, Assert.Single(await member.GetAsync<List<ReceivedInvitation>>("/api/invitations/received")).Id);
            var accepted = await member.Client.PostAsync($"/api/invitations/received/{invitationId}/accept", null, ct);
            Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);
            first.KeepDataOnDispose();
            dataPath = first.DataPath;
            postgres = first.PostgresDatabaseName;
        }

        await using var second = new CooperationApp(database, dataPath: dataPath, postgresDatabase: postgres);
        var again = await second.CreateUserAsync("member@persist.example");
        var workspace = await again.GetAsync<WorkspaceSummary>($"/api/workspaces/{workspaceId}");
        Assert.Equal("Examiner exchange 2027", workspace.Name);
        Assert.Equal(WorkspaceRole.Member, workspace.MyRole);
        var audit = await second.WithDbAsync(db => db.AuditEntries.Where(a => a.WorkspaceId == workspaceId).Select(a => a.Action).ToListAsync(ct));
        Assert.Equal(["workspace.created", "member.invited", "invitation.accepted"], audit.Order().Reverse().ToList());
        Directory.Delete(dataPath, true);
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task TheDemoSeedIsAddedOnceAndTheAdministratorComesFromConfiguration(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = new CooperationApp(database);
        var admin = first.AnonymousClient();
        var signIn = await admin.SignInAsync(CooperationApp.AdminEmail, CooperationApp.AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);

        var offices = await first.WithDbAsync(db => db.Offices.Select(o => o.TimeZone).ToListAsync(ct));
        Assert.True(offices.Distinct().Count() >= 4, "The demo seed has offices in at least four time zones.");
        Assert.True(await first.WithDbAsync(db => db.Workspaces.AnyAsync(w => w.Name == DemoSeed.RulesLibraryName && w.IsPublic, ct)));

        // Running the initializer again (a restart, or the CLI on the same folder) adds nothing twice.
        await first.WithDbAsync(async db =>
        {
            await using var scope = first.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<Cooperation.Web.Data.DatabaseInitializer>().InitializeAsync(ct);
            return 0;
        });
        Assert.Equal(offices.Count, await first.WithDbAsync(db => db.Offices.CountAsync(ct)));
        Assert.Equal(1, await first.WithDbAsync(db => db.Workspaces.CountAsync(w => w.Name == DemoSeed.RulesLibraryName, ct)));
    }

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task TheDatabaseRefusesTwoWorkspacesWithOneName(TestDatabase database)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = new CooperationApp(database);
        var user = await app.CreateUserAsync("racer@persist.example");
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.Client.PostAsJsonAsync("/api/workspaces", new { name = "Same name" }, ct)));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Equal(1, await app.WithDbAsync(db => db.Workspaces.CountAsync(w => w.Name == "Same name", ct)));
    }

    [Fact]
    public async Task TheDemoSeedCanBeTurnedOff()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        _ = app.Services;
        Assert.Equal(0, await app.WithDbAsync(db => db.Offices.CountAsync(TestContext.Current.CancellationToken)));
    }
}
