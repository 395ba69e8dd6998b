using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>The hub with real .NET SignalR clients against the site on a real Kestrel port.</summary>
public sealed class HubTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoMembersSeeEachOthersChatPresenceAndDocumentEvents()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app);
        await using var alice = await HubClient.ConnectAsync(app, scene.Coordinator);
        await using var bob = await HubClient.ConnectAsync(app, scene.Member);

        var aliceJoined = await alice.JoinAsync(scene.WorkspaceId);
        Assert.Contains(aliceJoined.Presence, p => p.UserId == scene.Coordinator.Id && p.Status == PresenceStatus.Online);
        Assert.Contains(aliceJoined.Presence, p => p.UserId == scene.Member.Id && p.Status == PresenceStatus.Offline);

        var bobJoined = await bob.JoinAsync(scene.WorkspaceId);
        Assert.Contains(bobJoined.Presence, p => p.UserId == scene.Coordinator.Id && p.Status == PresenceStatus.Online);
        var bobOnline = await alice.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Online);
        Assert.Equal(scene.Member.Email.Split('@')[0], bobOnline.Presence.DisplayName);

        var sent = await alice.SendAsync(scene.WorkspaceId, "Draft agenda is ready for review.");
        var atBob = (await bob.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived))).Event;
        Assert.Equal(WorkspaceEventTypes.ChatPosted, atBob.Type);
        Assert.Equal(sent.Sequence, atBob.Sequence);
        Assert.Equal("Draft agenda is ready for review.", atBob.Data.GetProperty("text").GetString());
        Assert.Equal(scene.Coordinator.Id, atBob.Data.GetProperty("authorId").GetString());
        // The sender gets its own message too, so every open tab shows it.
        await alice.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived), r => r.Event.Sequence == sent.Sequence);

        var reply = await bob.SendAsync(scene.WorkspaceId, "Thanks, reading it now.");
        var atAlice = (await alice.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived), r => r.Event.Sequence == reply.Sequence)).Event;
        Assert.Equal("Thanks, reading it now.", atAlice.Data.GetProperty("text").GetString());
        Assert.Equal(sent.Sequence + 1, reply.Sequence);

        // Documents publish through the same service; both clients get the event as DocumentChanged.
        var documentId = Guid.NewGuid();
        var sequence = await app.PublishAsync(scene.WorkspaceId, "document.uploaded", new DocumentUploaded(documentId, "Agenda", 1, "Agenda.docx", 1_024, scene.Coordinator.Id, 0));
        foreach (var client in new[] { alice, bob })
        {
            var changed = (await client.WaitForAsync(nameof(IWorkspaceClient.DocumentChanged))).Event;
            Assert.Equal(sequence, changed.Sequence);
            Assert.Equal(documentId, changed.Data.Deserialize<DocumentUploaded>(ApiJson.Options)!.DocumentId);
        }

        await bob.Connection.InvokeAsync("Typing", scene.WorkspaceId, Ct);
        var typing = (TypingNotice)(await alice.WaitForAsync(nameof(IWorkspaceClient.UserTyping))).Argument;
        Assert.Equal(scene.Member.Id, typing.UserId);

        await bob.Connection.StopAsync(Ct);
        var offline = await alice.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Offline);
        Assert.NotNull(offline.Presence.LastActiveAt);
    }

    [Fact]
    public async Task ANonMemberCannotJoinOrSendAndLearnsNothingAboutTheWorkspace()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app);
        var outsiderUser = await app.CreateUserAsync("outsider@elsewhere.example");
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await using var outsider = await HubClient.ConnectAsync(app, outsiderUser);
        await member.JoinAsync(scene.WorkspaceId);

        // Every method answers exactly as for a workspace that does not exist.
        var unknown = Guid.NewGuid();
        foreach (var (method, args) in new (string, Func<Guid, object?[]>)[]
                 {
                     ("JoinWorkspace", id => [id]),
                     ("SendChatMessage", id => [id, "let me in"]),
                     ("GetEventsSince", id => [id, 0L]),
                     ("GetChatHistory", id => [id, null, 50]),
                     ("GetPresence", id => [id]),
                     ("Typing", id => [id]),
                 })
        {
            var hidden = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeCoreAsync(method, typeof(object), args(scene.WorkspaceId), Ct));
            var missing = await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeCoreAsync(method, typeof(object), args(unknown), Ct));
            Assert.Contains("There is no workspace with that id, or you cannot see it.", hidden.Message);
            Assert.Equal(missing.Message, hidden.Message);
        }

        await member.SendAsync(scene.WorkspaceId, "Internal note: budget is 40k.");
        // Messages on a connection arrive in order, so once this answer is back anything sent to the outsider
        // before it would have arrived too.
        await Assert.ThrowsAsync<HubException>(() => outsider.Connection.InvokeAsync("GetPresence", unknown, Ct));
        Assert.Empty(outsider.Seen);
        Assert.Equal(HubConnectionState.Connected, outsider.Connection.State);
        Assert.Equal(0, await app.WithDbAsync(db => Task.FromResult(db.ChatMessages.Count(m => m.AuthorId == outsiderUser.Id))));
    }

    [Fact]
    public async Task AMemberRemovedWhileConnectedStopsReceivingAtOnce()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app);
        await using var coordinator = await HubClient.ConnectAsync(app, scene.Coordinator);
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await using var secondTab = await HubClient.ConnectAsync(app, scene.Member);
        await coordinator.JoinAsync(scene.WorkspaceId);
        await member.JoinAsync(scene.WorkspaceId);
        await secondTab.JoinAsync(scene.WorkspaceId);
        await coordinator.SendAsync(scene.WorkspaceId, "Before removal");
        await member.WaitForAsync(nameof(IWorkspaceClient.ChatMessageReceived));

        var removed = await scene.Coordinator.Client.DeleteAsync($"/api/workspaces/{scene.WorkspaceId}/members/{scene.Member.Id}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

        // Each of the person's tabs is told directly, and the others see the membership change and presence.
        foreach (var tab in new[] { member, secondTab })
        {
            var notice = (await tab.WaitForEventAsync(nameof(IWorkspaceClient.MemberChanged), WorkspaceEventTypes.MemberRemoved)).Event;
            Assert.Equal(scene.Member.Id, notice.Data.GetProperty("userId").GetString());
            var ended = (AccessEndedNotice)(await tab.WaitForAsync(nameof(IWorkspaceClient.AccessEnded))).Argument;
            Assert.Equal(scene.WorkspaceId, ended.WorkspaceId);
        }

        await coordinator.WaitForEventAsync(nameof(IWorkspaceClient.MemberChanged), WorkspaceEventTypes.MemberRemoved);
        await coordinator.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Offline);

        var seenBefore = member.Seen.Count;
        await coordinator.SendAsync(scene.WorkspaceId, "After removal: new budget figures");
        await app.PublishAsync(scene.WorkspaceId, "document.uploaded", new TestEventData("Budget.xlsx"));
        await coordinator.WaitForAsync(nameof(IWorkspaceClient.DocumentChanged));

        // The removed person's own call is answered after anything the server sent them before it.
        var refused = await Assert.ThrowsAsync<HubException>(() => member.SendAsync(scene.WorkspaceId, "still here?"));
        Assert.Contains("There is no workspace with that id", refused.Message);
        Assert.Equal(seenBefore, member.Seen.Count);
        await Assert.ThrowsAsync<HubException>(() => member.JoinAsync(scene.WorkspaceId));
        Assert.Equal(HubConnectionState.Connected, member.Connection.State);
    }

    [Fact]
    public async Task AClientThatMissedFiveEventsGetsExactlyThoseInOrder()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app);
        await using var other = await HubClient.ConnectAsync(app, scene.Coordinator);
        var last = await ConnectJoinAndLeaveAsync(app, scene);

        var first = await other.SendAsync(scene.WorkspaceId, "one");
        await other.SendAsync(scene.WorkspaceId, "two");
        await other.Connection.InvokeAsync("EditChatMessage", scene.WorkspaceId, first.Id, "one (edited)", Ct);
        await app.PublishAsync(scene.WorkspaceId, "document.uploaded", new TestEventData("Minutes.pdf"));
        await other.Connection.InvokeAsync("DeleteChatMessage", scene.WorkspaceId, first.Id, Ct);

        await using var back = await HubClient.ConnectAsync(app, scene.Member);
        var joined = await back.JoinAsync(scene.WorkspaceId);
        var page = await back.EventsSinceAsync(scene.WorkspaceId, last);

        Assert.Equal([last + 1, last + 2, last + 3, last + 4, last + 5], page.Events.Select(e => e.Sequence));
        Assert.Equal(["chat.posted", "chat.posted", "chat.edited", "document.uploaded", "chat.deleted"], page.Events.Select(e => e.Type));
        Assert.Equal("two", page.Events[1].Data.GetProperty("text").GetString());
        Assert.Equal(last + 5, joined.LatestSequence);
        Assert.False(page.HasMore);
    }

    [Fact]
    public async Task CatchUpReturnsExactlyTheMissedEventsAcrossAServerRestart()
    {
        long last;
        CooperationApp first = new(kestrel: true);
        HubScene scene;
        string dataPath;
        await using (first)
        {
            scene = await HubScene.CreateAsync(first);
            last = await ConnectJoinAndLeaveAsync(first, scene);
            await using var other = await HubClient.ConnectAsync(first, scene.Coordinator);
            await other.SendAsync(scene.WorkspaceId, "before restart 1");
            await other.SendAsync(scene.WorkspaceId, "before restart 2");
            await first.PublishAsync(scene.WorkspaceId, "document.uploaded", new TestEventData("Before.pdf"));
            first.KeepDataOnDispose();
            dataPath = first.DataPath;
        }

        await using var second = new CooperationApp(kestrel: true, dataPath: dataPath);
        try
        {
            var coordinator = await second.CreateUserAsync(scene.Coordinator.Email);
            var member = await second.CreateUserAsync(scene.Member.Email);
            await using var other = await HubClient.ConnectAsync(second, coordinator);
            await other.SendAsync(scene.WorkspaceId, "after restart 1");
            await other.SendAsync(scene.WorkspaceId, "after restart 2");

            await using var back = await HubClient.ConnectAsync(second, member);
            await back.JoinAsync(scene.WorkspaceId);
            var page = await back.EventsSinceAsync(scene.WorkspaceId, last);
            Assert.Equal([last + 1, last + 2, last + 3, last + 4, last + 5], page.Events.Select(e => e.Sequence));
            Assert.Equal(["before restart 1", "before restart 2", null, "after restart 1", "after restart 2"],
                page.Events.Select(e => e.Data.TryGetProperty("text", out var t) ? t.GetString() : null));

            // The next event continues the numbering instead of starting again.
            var next = await other.SendAsync(scene.WorkspaceId, "and on");
            Assert.Equal(last + 6, next.Sequence);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    [Fact]
    public async Task SeveralTabsOfOnePersonCountOnceAndIdleNeedsAllOfThemIdle()
    {
        await using var app = new CooperationApp(kestrel: true);
        var (scene, watcher, tab1, tab2) = await MemberInTwoTabsAsync(app);
        await using var watching = watcher;
        await using var first = tab1;
        await using var second = tab2;

        var list = await watcher.PresenceAsync(scene.WorkspaceId);
        Assert.Single(list, p => p.UserId == scene.Member.Id);
        Assert.Equal(PresenceStatus.Online, list.Single(p => p.UserId == scene.Member.Id).Status);

        await tab1.Connection.InvokeAsync("SetActivity", scene.WorkspaceId, true, Ct);
        Assert.Equal(PresenceStatus.Online, (await watcher.PresenceAsync(scene.WorkspaceId)).Single(p => p.UserId == scene.Member.Id).Status);
        await tab2.Connection.InvokeAsync("SetActivity", scene.WorkspaceId, true, Ct);
        await watcher.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Idle);

        await tab1.Connection.StopAsync(Ct);
        Assert.Equal(PresenceStatus.Idle, (await watcher.PresenceAsync(scene.WorkspaceId)).Single(p => p.UserId == scene.Member.Id).Status);
        await tab2.SendAsync(scene.WorkspaceId, "back");
        await watcher.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Online);
        await tab2.Connection.StopAsync(Ct);
        await watcher.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Offline);

        // Online announcements happened once per change, not once per tab.
        Assert.Single(watcher.Seen, r => r.Method == nameof(IWorkspaceClient.PresenceChanged) && r.Presence.UserId == scene.Member.Id && r.Presence.Status == PresenceStatus.Idle);
    }

    /// <summary>
    /// Two tabs of one person go idle, and active again, at the same moment, round after round: each change of the
    /// person's status is announced once. Without one step at a time per person, both tabs read "online" before and
    /// "idle" after their own change and both announce.
    /// </summary>
    [Theory]
    [MemberData(nameof(SequenceTests.Databases), MemberType = typeof(SequenceTests))]
    public async Task TabsChangingAtTheSameMomentAnnounceEachChangeOnce(TestDatabase database)
    {
        const int Rounds = 8;

        // Each tab makes 17 calls in quick succession, near the hub's default burst of 20.
        await using var app = new CooperationApp(database, kestrel: true, settings: new Dictionary<string, string?> { ["Collaboration:RateLimitBurst"] = "100" });
        var (scene, watcher, tab1, tab2) = await MemberInTwoTabsAsync(app);
        await using var watching = watcher;
        await using var first = tab1;
        await using var second = tab2;
        await watcher.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Online);

        for (var round = 0; round < Rounds; round++)
        {
            foreach (var idle in new[] { true, false })
            {
                await Task.WhenAll(
                    tab1.Connection.InvokeAsync("SetActivity", scene.WorkspaceId, idle, Ct),
                    tab2.Connection.InvokeAsync("SetActivity", scene.WorkspaceId, idle, Ct));
            }
        }

        // The announcements of the last round have arrived once the member is offline again.
        await tab1.Connection.StopAsync(Ct);
        await tab2.Connection.StopAsync(Ct);
        await watcher.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Offline);
        var statuses = watcher.Seen.Where(r => r.Method == nameof(IWorkspaceClient.PresenceChanged) && r.Presence.UserId == scene.Member.Id).Select(r => r.Presence.Status).ToList();
        Assert.Equal(Rounds, statuses.Count(s => s == PresenceStatus.Idle));
        for (var i = 1; i < statuses.Count; i++)
        {
            Assert.NotEqual(statuses[i - 1], statuses[i]);
        }
    }

    /// <summary>The coordinator watching the workspace, and the member in it from two tabs.</summary>
    private static async Task<(HubScene Scene, HubClient Watcher, HubClient Tab1, HubClient Tab2)> MemberInTwoTabsAsync(CooperationApp app)
    {
        var scene = await HubScene.CreateAsync(app);
        var watcher = await HubClient.ConnectAsync(app, scene.Coordinator);
        await watcher.JoinAsync(scene.WorkspaceId);
        var tab1 = await HubClient.ConnectAsync(app, scene.Member);
        var tab2 = await HubClient.ConnectAsync(app, scene.Member);
        await tab1.JoinAsync(scene.WorkspaceId);
        await tab2.JoinAsync(scene.WorkspaceId);
        return (scene, watcher, tab1, tab2);
    }

    [Fact]
    public async Task LastSeenIsWrittenInTheViewersLanguage()
    {
        await using var app = new CooperationApp(kestrel: true);
        var scene = await HubScene.CreateAsync(app);
        var earlier = DateTime.UtcNow.AddMinutes(-3);
        await app.WithDbAsync(async db =>
        {
            db.PresenceLastSeen.Add(new PresenceLastSeen { WorkspaceId = scene.WorkspaceId, UserId = scene.Member.Id, At = earlier });
            return await db.SaveChangesAsync(Ct);
        });

        await using var english = await HubClient.ConnectAsync(app, scene.Coordinator, "en-GB");
        await using var chinese = await HubClient.ConnectAsync(app, scene.Coordinator, "zh-CN");
        var inEnglish = (await english.JoinAsync(scene.WorkspaceId)).Presence.Single(p => p.UserId == scene.Member.Id);
        var inChinese = (await chinese.JoinAsync(scene.WorkspaceId)).Presence.Single(p => p.UserId == scene.Member.Id);

        Assert.Equal(PresenceStatus.Offline, inEnglish.Status);
        Assert.Equal("3 minutes ago", inEnglish.LastSeen);
        Assert.Equal("3 分钟前", inChinese.LastSeen);

        // Live announcements, too, reach each viewer in their own language.
        await using var member = await HubClient.ConnectAsync(app, scene.Member);
        await member.JoinAsync(scene.WorkspaceId);
        var liveEnglish = (await english.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Online)).Presence.LastSeen;
        var liveChinese = (await chinese.WaitForPresenceAsync(scene.Member.Id, PresenceStatus.Online)).Presence.LastSeen;
        Assert.Matches("^[a-z0-9 ]+$", liveEnglish);
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", liveChinese);
    }

    [Fact]
    public async Task MembersEditAndDeleteOnlyTheirOwnMessagesAndPageThroughHistory()
    {
        await using var app = new CooperationApp(kestrel: true, settings: new Dictionary<string, string?> { ["Collaboration:RateLimitBurst"] = "200" });
        var scene = await HubScene.CreateAsync(app);
        await using var alice = await HubClient.ConnectAsync(app, scene.Coordinator);
        await using var bob = await HubClient.ConnectAsync(app, scene.Member);
        var sent = new List<Cooperation.Web.Collaboration.Chat.ChatMessageDto>();
        for (var i = 1; i <= 25; i++)
        {
            sent.Add(await alice.SendAsync(scene.WorkspaceId, $"message {i}"));
        }

        var refused = await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("EditChatMessage", scene.WorkspaceId, sent[0].Id, "hijacked", Ct));
        Assert.Contains("only your own messages", refused.Message);
        await Assert.ThrowsAsync<HubException>(() => bob.Connection.InvokeAsync("DeleteChatMessage", scene.WorkspaceId, sent[0].Id, Ct));

        await alice.Connection.InvokeAsync("EditChatMessage", scene.WorkspaceId, sent[0].Id, "message 1 (fixed)", Ct);
        await alice.Connection.InvokeAsync("DeleteChatMessage", scene.WorkspaceId, sent[1].Id, Ct);
        var edited = await Assert.ThrowsAsync<HubException>(() => alice.Connection.InvokeAsync("EditChatMessage", scene.WorkspaceId, sent[1].Id, "undelete", Ct));
        Assert.Contains("deleted", edited.Message);

        var newest = await bob.Connection.InvokeAsync<Cooperation.Web.Collaboration.Chat.ChatPage>("GetChatHistory", scene.WorkspaceId, null, 10, Ct);
        Assert.Equal(Enumerable.Range(16, 10).Select(i => $"message {i}"), newest.Messages.Select(m => m.Text));
        Assert.True(newest.HasMore);
        var older = await bob.Connection.InvokeAsync<Cooperation.Web.Collaboration.Chat.ChatPage>("GetChatHistory", scene.WorkspaceId, newest.Messages[0].Sequence, 10, Ct);
        var oldest = await bob.Connection.InvokeAsync<Cooperation.Web.Collaboration.Chat.ChatPage>("GetChatHistory", scene.WorkspaceId, older.Messages[0].Sequence, 10, Ct);
        Assert.False(oldest.HasMore);
        Assert.Equal(5, oldest.Messages.Count);
        Assert.Equal("message 1 (fixed)", oldest.Messages[0].Text);
        Assert.NotNull(oldest.Messages[0].EditedAt);
        Assert.True(oldest.Messages[1].Deleted);
        Assert.Equal("", oldest.Messages[1].Text);

        // The same history over REST.
        var rest = await scene.Member.Client.GetFromJsonAsync<Cooperation.Web.Collaboration.Chat.ChatPage>($"/api/workspaces/{scene.WorkspaceId}/chat?take=10", ApiJson.Options, Ct);
        Assert.Equal(newest.Messages.Select(m => m.Id), rest!.Messages.Select(m => m.Id));
    }

    private static async Task<long> ConnectJoinAndLeaveAsync(CooperationApp app, HubScene scene)
    {
        await using var client = await HubClient.ConnectAsync(app, scene.Member);
        var joined = await client.JoinAsync(scene.WorkspaceId);
        return joined.LatestSequence;
    }
}
