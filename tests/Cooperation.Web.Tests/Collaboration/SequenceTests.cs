using Cooperation.Web.Collaboration;
using Cooperation.Web.Collaboration.Chat;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Collaboration;

/// <summary>Sequence numbers stay unique and gapless however events are written at the same time.</summary>
public sealed class SequenceTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<TestDatabase> Databases => new(TestDatabase.Sqlite, TestDatabase.Postgres);

    [Theory]
    [MemberData(nameof(Databases))]
    public async Task ConcurrentPublishersPostsAndEditsGetDistinctGaplessNumbers(TestDatabase database)
    {
        await using var app = new CooperationApp(database);
        var scene = await HubScene.CreateAsync(app, "sequence");
        var first = await PostAsync(app, scene, "to be edited");

        var work = new List<Task<long>>();
        for (var i = 0; i < 40; i++)
        {
            var n = i;
            work.Add(Task.Run(() => app.PublishAsync(scene.WorkspaceId, "test.published", new TestEventData($"{n}")), Ct));
            work.Add(Task.Run(async () => (await PostAsync(app, scene, $"post {n}")).Sequence, Ct));
            if (n % 4 == 0)
            {
                // Edits take the other path: the caller's own context and transaction.
                work.Add(Task.Run(async () =>
                {
                    await using var scope = app.Services.CreateAsyncScope();
                    return (await scope.ServiceProvider.GetRequiredService<ChatService>().EditAsync(scene.WorkspaceId, first.Id, scene.Member.Id, $"edit {n}", Ct)).Sequence;
                }, Ct));
            }
        }

        await Task.WhenAll(work);
        var stored = await app.WithDbAsync(db => db.WorkspaceEvents.Where(e => e.WorkspaceId == scene.WorkspaceId).OrderBy(e => e.Sequence).Select(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), stored);
        Assert.Equal(1 + 40 + 40 + 10, stored.Count);

        // Each chat message carries the number of the event that posted it.
        var posts = await app.WithDbAsync(db => db.ChatMessages.Where(m => m.WorkspaceId == scene.WorkspaceId).Select(m => m.Sequence).ToListAsync(Ct));
        var postEvents = await app.WithDbAsync(db => db.WorkspaceEvents.Where(e => e.WorkspaceId == scene.WorkspaceId && e.Type == WorkspaceEventTypes.ChatPosted).Select(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(postEvents.Order(), posts.Order());
        Assert.Equal(await app.Services.GetRequiredService<IWorkspaceEvents>().LatestSequenceAsync(scene.WorkspaceId, Ct), stored[^1]);
    }

    [Fact]
    public async Task TwoInstancesOnOnePostgreSqlDatabaseNeverHandOutTheSameNumber()
    {
        await using var a = new CooperationApp(TestDatabase.Postgres);
        await using var b = new CooperationApp(TestDatabase.Postgres, postgresDatabase: a.PostgresDatabaseName);
        b.KeepDataOnDispose();
        var scene = await HubScene.CreateAsync(a, "two-instances");
        // Start the second instance before the race (the factory starts its host on first use).
        _ = b.Services;

        // The workspace's very first events race on creating its counter row, too.
        var work = Enumerable.Range(0, 60).Select(i => Task.Run(() => (i % 2 == 0 ? a : b).PublishAsync(scene.WorkspaceId, "test.published", new TestEventData($"{i}")), Ct)).ToList();
        var returned = await Task.WhenAll(work);

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), returned.Order());
        var stored = await a.WithDbAsync(db => db.WorkspaceEvents.Where(e => e.WorkspaceId == scene.WorkspaceId).Select(e => e.Sequence).ToListAsync(Ct));
        Assert.Equal(returned.Order(), stored.Order());
    }

    private static async Task<ChatMessageDto> PostAsync(CooperationApp app, HubScene scene, string text)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ChatService>().PostAsync(scene.WorkspaceId, scene.Member.Id, text, Ct);
    }
}
