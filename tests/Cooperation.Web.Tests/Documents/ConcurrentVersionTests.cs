using Cooperation.Web.Tests.Infrastructure;

namespace Cooperation.Web.Tests.Documents;

public sealed class ConcurrentVersionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task ConcurrentNewVersionsFromSeveralClientsAreAllKeptInOrder(TestDatabase database)
    {
        await using var app = new CooperationApp(database, kestrel: true, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false" });
        var owner = await app.CreateUserAsync("owner@concurrent.example");
        var workspace = await owner.Client.CreateWorkspaceAsync("Concurrent");
        var clients = new List<TestUser>();
        for (var i = 0; i < 6; i++)
        {
            var user = await app.CreateUserAsync($"writer{i}@concurrent.example");
            await app.AddMemberAsync(workspace, user, Cooperation.Web.Workspaces.WorkspaceRole.Member);
            clients.Add(user);
        }

        var created = await owner.Client.UploadOkAsync(workspace, "shared.txt", TestFiles.Text("version one"));
        var url = $"/api/workspaces/{workspace}/documents/{created.Document.Id}";

        // Each client uploads two versions one after the other, all clients at once.
        var uploads = await Task.WhenAll(clients.Select((client, c) => Task.Run(async () =>
        {
            var mine = new List<(byte[] Bytes, int Number)>();
            for (var i = 0; i < 2; i++)
            {
                var bytes = TestFiles.Text($"client {c} upload {i}: {Guid.NewGuid()}");
                var result = await DocumentApi.ReadCreatedAsync(await client.Client.UploadVersionAsync(workspace, created.Document.Id, $"client-{c}-{i}.txt", bytes));
                mine.Add((bytes, result.Version.Number));
            }

            return mine;
        }, Ct)));

        var details = await owner.DetailsAsync(workspace, created.Document.Id);
        var expected = 1 + (clients.Count * 2);
        // Every version kept, numbered without gaps or repeats, the last one current.
        Assert.Equal(Enumerable.Range(1, expected).Reverse(), details.Versions.Select(v => v.Number));
        Assert.Equal(expected, details.Document.CurrentVersion);
        Assert.Equal(uploads.SelectMany(u => u).Select(u => TestFiles.Sha256(u.Bytes)).Order(), details.Versions.Where(v => v.Number > 1).Select(v => v.Sha256).Order());
        // In order: a client's second upload comes after its first, and upload times follow the numbers.
        Assert.All(uploads, mine => Assert.True(mine[0].Number < mine[1].Number));
        var times = details.Versions.OrderBy(v => v.Number).Select(v => v.UploadedAt).ToList();
        Assert.Equal(times.Order(), times);
        foreach (var (bytes, number) in uploads.SelectMany(u => u))
        {
            Assert.Equal(bytes, await owner.Client.GetByteArrayAsync($"{url}/versions/{number}/content", Ct));
        }
    }
}
