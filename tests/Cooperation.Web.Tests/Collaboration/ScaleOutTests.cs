using Cooperation.Web.Collaboration;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>Two instances of the site on one PostgreSQL database and one redis-server, as on several nodes.</summary>
public sealed class ScaleOutTests
{
    [Fact]
    public async Task AMessageSentOnInstanceAReachesAClientOnInstanceBAndPresenceAgrees()
    {
        var settings = new Dictionary<string, string?>
        {
            ["SignalR:Redis"] = TestEnvironment.Redis,
            // Tests share one redis-server; a prefix of their own keeps other runs' messages out.
            ["SignalR:RedisChannelPrefix"] = $"test-{Guid.NewGuid():N}",
        };
        await using var a = new CooperationApp(TestDatabase.Postgres, kestrel: true, settings: settings);
        await using var b = new CooperationApp(TestDatabase.Postgres, kestrel: true, settings: settings, postgresDatabase: a.PostgresDatabaseName);
        // Instance A drops the shared database when it is disposed.
        b.KeepDataOnDispose();

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
}
