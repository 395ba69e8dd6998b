using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Accounts;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>
/// Open hub connections follow every change that ends a person's read access (issue 14): the workspace made private,
/// the member removed, the token revoked or expired, the account locked, deleted or no longer an administrator.
/// </summary>
public sealed class LiveAccessTests
{
    private const string Hidden = "There is no workspace with that id, or you cannot see it.";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOutsiderInAPublicWorkspaceStopsReceivingWhenItIsMadePrivate()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "private", isPublic: true);
        var outsiderUser = await app.CreateUserAsync($"outsider-{Guid.NewGuid():N}@elsewhere.example");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await using var outsider = await HubClient.ConnectAsync(app, outsiderUser);
        await member.JoinAsync(scene.WorkspaceId);
        await outsider.JoinAsync(scene.WorkspaceId);
        await member.SendAsync(scene.WorkspaceId, "Public so far");
        await outsider.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived));

        var made = await scene.Coordinator.Client.PatchAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}", new { isPublic = false }, Ct);
        Assert.Equal(HttpStatusCode.OK, made.StatusCode);

        var ended = (AccessEndedNotice)(await outsider.WaitForAsync(nameof(IWorkspaceClient.AccessEnded))).Argument;
        Assert.Equal(scene.WorkspaceId, ended.WorkspaceId);
        await AssertNothingMoreReachesAsync(app, scene, outsider);
        var refused = await Assert.ThrowsAsync<HubException>(() => outsider.HistoryAsync(scene.WorkspaceId));
        Assert.Contains(Hidden, refused.Message);
        // The connection itself stays: the outsider may still read other workspaces.
        Assert.Equal(HubConnectionState.Connected, outsider.Connection.State);
        // Members are not affected.
        Assert.DoesNotContain(member.Seen, r => r.Method == nameof(IWorkspaceClient.AccessEnded));
        await member.SendAsync(scene.WorkspaceId, "Still here");
    }

    [Fact]
    public async Task ArchivingKeepsReadersConnectedAndRefusesTheirWrites()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "archive", isPublic: true);
        var outsiderUser = await app.CreateUserAsync($"reader-{Guid.NewGuid():N}@elsewhere.example");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await using var reader = await HubClient.ConnectAsync(app, outsiderUser);
        await member.JoinAsync(scene.WorkspaceId);
        await reader.JoinAsync(scene.WorkspaceId);

        var archived = await scene.Coordinator.Client.PostAsync($"/api/workspaces/{scene.WorkspaceId}/archive", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, archived.StatusCode);

        // Archived workspaces stay readable (docs/hub.md, "Access"): events still arrive, writing is refused.
        var sequence = await app.PublishAsync(scene.WorkspaceId, "document.restored", new TestEventData("Kept.pdf"));
        foreach (var client in new[] { member, reader })
        {
            Assert.Equal(sequence, (await client.WaitForAsync(nameof(IWorkspaceClient.DocumentChanged))).Event.Sequence);
            Assert.DoesNotContain(client.Seen, r => r.Method == nameof(IWorkspaceClient.AccessEnded));
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => member.SendAsync(scene.WorkspaceId, "after archiving"));
        Assert.Contains("archived and read-only", refused.Message);
        await member.HistoryAsync(scene.WorkspaceId);
    }

    [Fact]
    public async Task ARevokedTokenEndsItsConnectionsAndNoOthers()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "revoke");
        var other = await SecondTokenAsync(app, scene.Member);
        await using var revoked = await HubClient.ConnectAsync(app, scene.Member);
        await using var kept = await HubClient.ConnectAsync(app, other);
        await revoked.JoinAsync(scene.WorkspaceId);
        await kept.JoinAsync(scene.WorkspaceId);

        var tokenId = await TokenIdAsync(app, scene.Member.Token);
        var response = await other.Client.DeleteAsync($"/api/tokens/{tokenId}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        await revoked.WaitUntilClosedAsync();
        await AssertNothingMoreReachesAsync(app, scene, revoked);
        // The person's connection through another token carries on.
        Assert.Equal(HubConnectionState.Connected, kept.Connection.State);
        await kept.HistoryAsync(scene.WorkspaceId);
        await Assert.ThrowsAnyAsync<Exception>(() => HubClient.ConnectAsync(app, scene.Member));
    }

    [Fact]
    public async Task EveryCallChecksTheTokenAgainEvenWithoutANotice()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "percall");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await member.HistoryAsync(scene.WorkspaceId);

        // Revoked behind the site's back (as another tool on the database would): no notice reaches the hub.
        var tokenId = await TokenIdAsync(app, scene.Member.Token);
        await app.WithDbAsync(db => db.AccessTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, DateTime.UtcNow), Ct));

        // The call is refused and the connection closed at once (so the refusal itself may not get out first).
        await Assert.ThrowsAnyAsync<Exception>(() => member.HistoryAsync(scene.WorkspaceId));
        await member.WaitUntilClosedAsync();
    }

    [Fact]
    public async Task AConnectionEndsWhenItsTokenExpires()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "expiry");
        var tokenId = await TokenIdAsync(app, scene.Member.Token);
        await app.WithDbAsync(db => db.AccessTokens.Where(t => t.Id == tokenId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ExpiresAt, DateTime.UtcNow.AddSeconds(10)), Ct));
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await member.JoinAsync(scene.WorkspaceId);

        await member.WaitUntilClosedAsync();
        await AssertNothingMoreReachesAsync(app, scene, member);
    }

    [Fact]
    public async Task ALockedAccountLosesItsConnections()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "lock");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await member.JoinAsync(scene.WorkspaceId);

        await WithUsersAsync(app, async users =>
            await users.SetLockoutEndDateAsync((await users.FindByIdAsync(scene.Member.Id))!, DateTimeOffset.UtcNow.AddHours(1)));

        await member.WaitUntilClosedAsync();
        await AssertNothingMoreReachesAsync(app, scene, member);
    }

    [Fact]
    public async Task ADeletedAccountLosesItsConnections()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "delete");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await member.JoinAsync(scene.WorkspaceId);

        await WithUsersAsync(app, async users => await users.DeleteAsync((await users.FindByIdAsync(scene.Member.Id))!));

        await member.WaitUntilClosedAsync();
        await AssertNothingMoreReachesAsync(app, scene, member);
    }

    [Fact]
    public async Task AnAdministratorWhoIsNoLongerOneLeavesPrivateWorkspacesAtOnce()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "demote");
        var administrator = await app.CreateUserAsync($"admin-{Guid.NewGuid():N}@collab.example", administrator: true);
        await using var admin = await HubClient.ConnectAsync(app, administrator);
        await admin.JoinAsync(scene.WorkspaceId);

        await WithUsersAsync(app, async users =>
        {
            var user = (await users.FindByIdAsync(administrator.Id))!;
            user.IsAdministrator = false;
            return await users.UpdateAsync(user);
        });

        var ended = (AccessEndedNotice)(await admin.WaitForAsync(nameof(IWorkspaceClient.AccessEnded))).Argument;
        Assert.Equal(scene.WorkspaceId, ended.WorkspaceId);
        await AssertNothingMoreReachesAsync(app, scene, admin);
        // The connection's claims still say administrator; the calls go by the database.
        var refused = await Assert.ThrowsAsync<HubException>(() => admin.HistoryAsync(scene.WorkspaceId));
        Assert.Contains(Hidden, refused.Message);
        Assert.Equal(HubConnectionState.Connected, admin.Connection.State);
    }

    [Fact]
    public async Task AMemberDemotedToObserverKeepsReadingButCannotWrite()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app, "observer");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await member.JoinAsync(scene.WorkspaceId);
        await member.SendAsync(scene.WorkspaceId, "As a member");

        var demoted = await scene.Coordinator.Client.PutAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}/members/{scene.Member.Id}", new { role = "observer" }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, demoted.StatusCode);
        await member.WaitForEventAsync(nameof(IWorkspaceClient.MemberChanged), WorkspaceEventTypes.MemberChanged);

        var refused = await Assert.ThrowsAsync<HubException>(() => member.SendAsync(scene.WorkspaceId, "As an observer"));
        Assert.Contains("Observers can read this workspace but not change it.", refused.Message);
        var sequence = await app.PublishAsync(scene.WorkspaceId, "document.uploaded", new TestEventData("Read me.pdf"));
        Assert.Equal(sequence, (await member.WaitForAsync(nameof(IWorkspaceClient.DocumentChanged))).Event.Sequence);
        Assert.Single((await member.HistoryAsync(scene.WorkspaceId)).Messages);
        Assert.DoesNotContain(member.Seen, r => r.Method == nameof(IWorkspaceClient.AccessEnded));
    }

    /// <summary>
    /// Chat, a document event, a comment and a membership change happen in the workspace; the client gets none of
    /// them. A member's client in the same workspace receiving the last one shows that they were all sent.
    /// </summary>
    internal static async Task AssertNothingMoreReachesAsync(CooperationApp app, HubScene scene, HubClient client)
    {
        var before = client.Seen.Count;
        await using var witness = await HubClient.ConnectAsync(app, scene.Coordinator);
        await witness.JoinAsync(scene.WorkspaceId);
        await app.PublishAsync(scene.WorkspaceId, WorkspaceEventTypes.ChatPosted, new TestEventData("secret after the change"));
        await app.PublishAsync(scene.WorkspaceId, "document.uploaded", new TestEventData("Secret.pdf"));
        await app.PublishAsync(scene.WorkspaceId, "comment.added", new TestEventData("secret comment"));
        var last = await app.PublishAsync(scene.WorkspaceId, WorkspaceEventTypes.MemberChanged, new MemberChange("someone", "Someone", Cooperation.Web.Workspaces.WorkspaceRole.Member, false));
        await witness.WaitForAsync(nameof(IWorkspaceClient.MemberChanged), r => r.Event.Sequence == last);
        // The change's own notices may still be on their way; anything of the workspace's events is a leak.
        await Task.Delay(300, Ct);
        Assert.DoesNotContain(client.Seen.Skip(before), r => r.Argument is Cooperation.Web.Collaboration.WorkspaceEventMessage);
    }

    private static async Task<T> WithUsersAsync<T>(CooperationApp app, Func<UserManager<AppUser>, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>());
    }

    internal static Task<Guid> TokenIdAsync(CooperationApp app, string token) =>
        app.WithDbAsync(db =>
        {
            var hash = Cooperation.Web.Infrastructure.Secrets.Hash(token);
            return db.AccessTokens.Where(t => t.SecretHash == hash).Select(t => t.Id).SingleAsync(Ct);
        });

    private static async Task<TestUser> SecondTokenAsync(CooperationApp app, TestUser user)
    {
        var response = await user.Client.PostAsJsonAsync("/api/tokens", new { name = "second", days = 5 }, Ct);
        response.EnsureSuccessStatusCode();
        var created = (await response.Content.ReadFromJsonAsync<CreatedAccessToken>(ApiJson.Options, Ct))!;
        return user with { Token = created.Token, Client = app.ClientWithToken(created.Token) };
    }
}
