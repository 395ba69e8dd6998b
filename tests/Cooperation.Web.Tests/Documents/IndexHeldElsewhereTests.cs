using System.Net.Http.Json;
using System.Text;
using Cooperation.Knowledge;
using Cooperation.Web.Assistant;
using Cooperation.Web.Documents;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Cooperation.Web.Tests.Documents;

/// <summary>
/// Issue 17, item 5: the site started while a `cooperation` command holds its search index keeps answering from what
/// the index held, and indexes what was uploaded meanwhile once the command lets go, without a restart.
/// </summary>
public sealed class IndexHeldElsewhereTests
{
    private const string DesignLaw = "### Article 12\n\nThe term of protection of an industrial design shall be fifteen years from the filing date.\n";
    private const string Question = "How long is the term of protection of an industrial design?";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASiteStartedWhileACommandHoldsTheIndexIndexesItsUploadsOnceTheCommandLetsGo()
    {
        var dataPath = Directory.CreateTempSubdirectory("cooperation-held-").FullName;
        try
        {
            // The command's own knowledge services over the site's index folder; indexing takes the writer, as an import does.
            await using var command = CommandIndex(dataPath);
            await command.GetRequiredService<IKnowledgeIndex>().IndexAsync(
                new DocumentToIndex(Guid.NewGuid(), Guid.NewGuid(), 1, "Imported by the command", "en", [new ExtractedPage(1, "Rule 1 Fees are paid in advance.")]), Ct);

            // The periodic pass is ten minutes away: only the retry after a failed indexing can catch up within the test.
            await using var app = new CooperationApp(dataPath: dataPath, settings: new Dictionary<string, string?>
            {
                ["DocumentExtraction:IndexSyncInterval"] = "00:10:00",
                ["DocumentExtraction:PollInterval"] = "00:00:00.200",
            });
            var reader = await app.CreateUserAsync("reader@held.example");
            var workspace = await reader.Client.CreateWorkspaceAsync("Held index");
            var document = (await reader.Client.UploadOkAsync(workspace, "design-law.md", Encoding.UTF8.GetBytes(DesignLaw))).Document.Id;
            Assert.Equal(ExtractionStatus.Extracted, (await reader.WaitForExtractionAsync(workspace, document, 1)).Extraction);

            // Indexing follows extraction at once and fails while the command holds the index.
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            Assert.Null((await reader.DetailsAsync(workspace, document)).Versions.Single().IndexedAt);
            var whileHeld = await AskAsync(reader, workspace);
            Assert.DoesNotContain(whileHeld.Citations, c => c.DocumentId == document);

            await command.DisposeAsync();
            Assert.NotNull((await reader.WaitUntilSearchableAsync(workspace, document, 1)).IndexedAt);
            var answered = await AskAsync(reader, workspace);
            Assert.False(answered.Declined, answered.Answer);
            Assert.Contains(answered.Citations, c => c.DocumentId == document);
            Assert.Contains("15 years", answered.Answer, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dataPath, recursive: true);
        }
    }

    private static ServiceProvider CommandIndex(string dataPath)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Knowledge:IndexPath"] = Path.Combine(dataPath, "index") });
        builder.Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        builder.AddKnowledge();
        return builder.Services.BuildServiceProvider();
    }

    private static async Task<AskResult> AskAsync(TestUser user, Guid workspace)
    {
        using var response = await user.Client.PostAsJsonAsync("/api/assistant/ask", new { question = Question, workspaceIds = new[] { workspace } }, Ct);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<AskResult>(ApiJson.Options, Ct))!;
    }
}
