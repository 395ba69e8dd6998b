using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Cooperation.Web.Assistant;
using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Sweep;
using Cooperation.Web.Tests.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Cooperation.Web.Tests.Operations;

/// <summary>
/// The scaled-out configuration as one deployment runs it: two instances of the site on one PostgreSQL, one blob
/// container (Azurite) and one Redis backplane, each with its own data folder and search index.
/// </summary>
public sealed class MultiNodeTests
{
    private const string Question = "Under the Paris Convention, how long is the priority period for a patent application?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADocumentUploadedThroughOneInstanceIsDownloadableAndAnswerableThroughTheOtherAndExtractedOnce()
    {
        var log = new RecordingLogs();
        var container = $"multinode-{Guid.NewGuid():N}";
        await using var a = new Node(log, "A", container);
        var b = new Node(log, "B", container, a.PostgresDatabaseName);
        // A owns the database and drops it when it is disposed, after B.
        b.KeepDataOnDispose();
        try
        {
            // Accounts, tokens and workspaces live in the shared database: the same bearer token works on both.
            var coordinator = await a.CreateUserAsync("coordinator@multinode.example");
            var throughB = b.ClientWithToken(coordinator.Token);
            var workspace = await coordinator.Client.CreateWorkspaceAsync("Scaled out");
            var paris = await File.ReadAllBytesAsync(Path.Combine(TestEnvironment.Materials, "paris-convention-stockholm-1967-fr.md"), Ct);
            var uploaded = await coordinator.Client.UploadOkAsync(workspace, "paris-convention.md", paris);

            var downloaded = await throughB.GetByteArrayAsync($"/api/workspaces/{workspace}/documents/{uploaded.Document.Id}/versions/1/content", Ct);
            Assert.Equal(TestFiles.Sha256(paris), TestFiles.Sha256(downloaded));

            // More uploads through both instances, so that both extraction workers compete for the queue.
            var others = new List<(Guid Document, HttpClient Client)>();
            for (var i = 0; i < 6; i++)
            {
                var client = i % 2 == 0 ? coordinator.Client : throughB;
                var result = await DocumentApi.ReadCreatedAsync(await client.UploadAsync(workspace, $"note-{i}.txt", TestFiles.Text($"Meeting note {i}: the offices agreed on item {i}.")));
                others.Add((result.Document.Id, client));
            }

            // B answers from its own index, which it brings in step from the database.
            var answer = await AskUntilAnsweredAsync(throughB);
            Assert.Contains(answer.Citations, c => c.DocumentId == uploaded.Document.Id);

            var versions = new List<Guid>();
            foreach (var document in others.Select(o => o.Document).Prepend(uploaded.Document.Id))
            {
                var summary = await coordinator.WaitForExtractionAsync(workspace, document, 1);
                Assert.Equal(ExtractionStatus.Extracted, summary.Extraction);
                versions.Add(await a.WithDbAsync(db => Task.FromResult(db.DocumentVersions.Single(v => v.DocumentId == document).Id)));
            }

            // Each version's text was extracted by exactly one of the two instances.
            Assert.All(versions, version => Assert.Single(log.Extracted(version)));

            // Both instances' sweep timers fire together: one of them sweeps, the other finds the round taken.
            var rounds = await Task.WhenAll(
                Task.Run(() => a.Services.GetRequiredService<OrphanSweepService>().RunRoundAsync(Ct), Ct),
                Task.Run(() => b.Services.GetRequiredService<OrphanSweepService>().RunRoundAsync(Ct), Ct));
            Assert.Single(rounds, removed => removed is not null);
            Assert.Equal(0, rounds.Single(removed => removed is not null));
        }
        finally
        {
            await b.DisposeAsync();
            Directory.Delete(b.DataPath, recursive: true);
        }
    }

    private static async Task<AskResult> AskUntilAnsweredAsync(HttpClient client)
    {
        using var ceiling = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        ceiling.CancelAfter(TimeSpan.FromMinutes(2));
        while (true)
        {
            var response = await client.PostAsJsonAsync("/api/assistant/ask", new { question = Question }, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var answer = (await response.Content.ReadFromJsonAsync<AskResult>(ApiJson.Options, Ct))!;
            if (!answer.Declined)
            {
                return answer;
            }

            try
            {
                await Task.Delay(250, ceiling.Token);
            }
            catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
            {
                Assert.Fail("Instance B never answered from the document uploaded through instance A: its index did not catch up with the database.");
            }
        }
    }

    /// <summary>One instance: shared PostgreSQL (the first creates the database), blob container and Redis; its own data folder.</summary>
    private sealed class Node(RecordingLogs log, string name, string container, string? postgresDatabase = null) : CooperationApp(TestDatabase.Postgres, settings: new Dictionary<string, string?>
    {
        ["Cooperation:Seed:Demo"] = "false",
        ["DocumentStorage:Provider"] = "AzureBlob",
        ["DocumentStorage:ConnectionString"] = TestEnvironment.Azurite,
        ["DocumentStorage:Container"] = container,
        ["SignalR:Redis"] = TestEnvironment.Redis,
        ["SignalR:RedisChannelPrefix"] = container,
        ["DocumentExtraction:PollInterval"] = "00:00:00.200",
        ["DocumentExtraction:IndexSyncInterval"] = "00:00:01",
        ["Logging:LogLevel:Cooperation.Web.Documents.Extraction"] = "Information",
    }, postgresDatabase: postgresDatabase)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddSingleton<ILoggerProvider>(new RecordingLogs.Provider(log, name)));
        }
    }

    /// <summary>Log lines of every instance, tagged with the instance that wrote them.</summary>
    private sealed class RecordingLogs
    {
        private readonly ConcurrentQueue<(string Node, string Category, string Message)> _lines = new();

        public List<string> Extracted(Guid versionId) =>
            _lines.Where(l => l.Message.StartsWith("Extracted ", StringComparison.Ordinal) && l.Message.EndsWith($"from version {versionId}", StringComparison.Ordinal))
                .Select(l => l.Node).ToList();

        public sealed class Provider(RecordingLogs logs, string node) : ILoggerProvider
        {
            public ILogger CreateLogger(string categoryName) => new Logger(logs, node, categoryName);

            public void Dispose()
            {
            }
        }

        private sealed class Logger(RecordingLogs logs, string node, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs._lines.Enqueue((node, category, formatter(state, exception)));
        }
    }
}
