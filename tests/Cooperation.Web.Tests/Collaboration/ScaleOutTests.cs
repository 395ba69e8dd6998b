using System.Net.Http.Json;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>Two instances of the site on one PostgreSQL database and one redis-server, as on several nodes.</summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task AMessageSentOnInstanceAReachesAClientOnInstanceBAndPresenceAgrees()
    {
        var (a, b) = TwoInstances();
        await using var ownedA = a;
        await using var ownedB = b;

        var scene = await HubScene.CreateAsync(a);
        var memberOnB = await b.CreateUserAsync(scene.Member.Email);
        await using var alice = await HubClient.ConnectAsync(a, scene.Coordinator);
        await using var bob = await HubClient.ConnectAsync(b, memberOnB);
        await alice.JoinAsync(scene.WorkspaceId);
        var bobJoined = await bob.JoinAsync(scene.WorkspaceId);

        // Presence lives in the shared database, so each instance sees the person connected to the other.
        Assert.Equal(PresenceStatus.Online, bobJoined.Presence.Single(p => p.UserId == scene.Coordinator.Id).Status);
        await alice.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Online);
        var seenFromA = await alice.PresenceAsync(scene.WorkspaceId);
        var seenFromB = await bob.PresenceAsync(scene.WorkspaceId);
        Assert.Equal(seenFromA.Select(p => (p.UserId, p.Status)), seenFromB.Select(p => (p.UserId, p.Status)));
        Assert.All(seenFromA, p => Assert.Equal(PresenceStatus.Online, p.Status));

        var sent = await alice.SendAsync(scene.WorkspaceId, "Sent on A");
        var atB = (await bob.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived))).Event;
        Assert.Equal(sent.Sequence, atB.Sequence);
        Assert.Equal("Sent on A", atB.Data.GetProperty("text").GetString());

        var reply = await bob.SendAsync(scene.WorkspaceId, "Answered on B");
        Assert.Equal(sent.Sequence + 1, reply.Sequence);
        await alice.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived), r => r.Event.Sequence == reply.Sequence);

        // Removing the member on A drops their connection on B at once.
        var removed = await scene.Coordinator.Client.DeleteAsync($"/api/workspaces/{scene.WorkspaceId}/members/{scene.Member.Id}", TestContext.Current.CancellationToken);
        removed.EnsureSuccessStatusCode();
        await bob.WaitForEventAsync(nameof(IWorkspaceClient.MemberChanged), WorkspaceEventTypes.MemberRemoved);
        await alice.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Offline);
        Assert.DoesNotContain(await alice.PresenceAsync(scene.WorkspaceId), p => p.UserId == scene.Member.Id);
    }

    [Fact]
    public async Task AccessEndedThroughInstanceAReachesConnectionsOnInstanceB()
    {
        var (a, b) = TwoInstances();
        await using var ownedA = a;
        await using var ownedB = b;
        var ct = TestContext.Current.CancellationToken;

        var scene = await HubScene.CreateAsync(a, "scaled", isPublic: true);
        var outsiderOnA = await a.CreateUserAsync($"outsider-{Guid.NewGuid():N}@elsewhere.example");
        var outsiderOnB = outsiderOnA with { Client = b.ClientWithToken(outsiderOnA.Token) };
        await using var outsider = await HubClient.ConnectAsync(b, outsiderOnB);
        await using var member = await HubClient.ConnectAsync(b, scene.Member with { Client = b.ClientWithToken(scene.Member.Token) });
        await outsider.JoinAsync(scene.WorkspaceId);
        await member.JoinAsync(scene.WorkspaceId);

        // Made private through A: the outsider's connection on B leaves the workspace; the member's stays.
        var made = await scene.Coordinator.Client.PatchAsJsonAsync($"/api/workspaces/{scene.WorkspaceId}", new { isPublic = false }, ct);
        made.EnsureSuccessStatusCode();
        var ended = (AccessEndedNotice)(await outsider.WaitForAsync(nameof(IWorkspaceClient.AccessEnded))).Argument;
        Assert.Equal(scene.WorkspaceId, ended.WorkspaceId);
        await LiveAccessTests.AssertNothingMoreReachesAsync(a, scene, outsider);
        Assert.Contains("There is no workspace with that id", (await Assert.ThrowsAsync<HubException>(() => outsider.HistoryAsync(scene.WorkspaceId))).Message);
        Assert.DoesNotContain(member.Seen, r => r.Method == nameof(IWorkspaceClient.AccessEnded));

        // The member's token revoked through A: their connection on B closes.
        var tokenId = await LiveAccessTests.TokenIdAsync(a, scene.Member.Token);
        (await scene.Member.Client.DeleteAsync($"/api/tokens/{tokenId}", ct)).EnsureSuccessStatusCode();
        await member.WaitUntilClosedAsync();
    }

    [Fact]
    public async Task ChoosingBothRedisAndAzureSignalRIsRefusedAtStartWithAClearMessage()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?>
        {
            ["SignalR:Redis"] = "127.0.0.1:1",
            ["SignalR:Azure"] = "Endpoint=https://example.service.signalr.net;AccessKey=ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefg=;Version=1.0;",
        });
        var error = Assert.ThrowsAny<Exception>(() => app.Services);
        Assert.Contains("Set SignalR:Redis or SignalR:Azure, not both", error.ToString());
    }

    /// <summary>Two sites on one PostgreSQL database and one Redis channel prefix of their own (tests share the redis-server).</summary>
    private static (CooperationApp A, CooperationApp B) TwoInstances()
    {
        var settings = new Dictionary<string, string?>
        {
            ["SignalR:Redis"] = TestEnvironment.Redis,
            ["SignalR:RedisChannelPrefix"] = $"test-{Guid.NewGuid():N}",
        };
        var a = new CooperationApp(TestDatabase.Postgres, kestrel: true, settings: settings);
        var b = new CooperationApp(TestDatabase.Postgres, kestrel: true, settings: settings, postgresDatabase: a.PostgresDatabaseName);

        // Instance A drops the shared database when it is disposed.
        b.KeepDataOnDispose();
        return (a, b);
    }
}
