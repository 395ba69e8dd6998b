using Cooperation.Web.Documents;
using Cooperation.Web.Documents.Extraction;
using Cooperation.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Web.Tests.Documents;

public sealed class ExtractionTests(DocumentAppFixture fixture) : IClassFixture<DocumentAppFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExtractedTextIsStoredPerPageAndServedAsAPreview()
    {
        var pdf = TestFiles.Pdf(["Article 1 Priority lasts twelve months.", "Article 2 Designs six months.", "Article 3 Fees."]);
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "paris.pdf", pdf);

        var version = await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, created.Document.Id, 1);
        Assert.Equal(ExtractionStatus.Extracted, version.Extraction);
        Assert.Equal(3, version.PageCount);

        var text = await fixture.Observer.GetAsync<VersionText>($"/api/workspaces/{fixture.WorkspaceId}/documents/{created.Document.Id}/versions/1/text?fromPage=2&pages=1");
        var page = Assert.Single(text.Pages);
        Assert.Equal(2, page.Number);
        Assert.Contains("Designs six months", page.Text);
        Assert.Equal(3, text.PageCount);
    }

    [Fact]
    public async Task AWordDocumentIsExtractedWithItsHeading()
    {
        var created = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "rules.docx", TestFiles.Docx("Chapter 1 General provisions", "Article 1 This regulation applies to designs."));
        var version = await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, created.Document.Id, 1);
        Assert.Equal(ExtractionStatus.Extracted, version.Extraction);
        var text = await fixture.Member.GetAsync<VersionText>($"/api/workspaces/{fixture.WorkspaceId}/documents/{created.Document.Id}/versions/1/text");
        Assert.Contains("General provisions", string.Join("\n", text.Pages.Select(p => p.Text)));
        Assert.Contains("applies to designs", string.Join("\n", text.Pages.Select(p => p.Text)));
    }

    [Fact]
    public async Task AFileThatCannotBeReadFailsWithAReasonAndTheQueueCarriesOn()
    {
        // A PDF header and then nothing a reader can use.
        var broken = TestFiles.Text("%PDF-1.7\n" + new string('#', 2_000));
        var bad = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "broken.pdf", broken);
        var good = await fixture.Member.Client.UploadOkAsync(fixture.WorkspaceId, "fine.txt", TestFiles.Text($"Readable text {Guid.NewGuid()}"));

        var failed = await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, bad.Document.Id, 1);
        var extracted = await fixture.Member.WaitForExtractionAsync(fixture.WorkspaceId, good.Document.Id, 1);

        Assert.Equal(ExtractionStatus.Failed, failed.Extraction);
        Assert.False(string.IsNullOrWhiteSpace(failed.ExtractionError));
        Assert.Equal(ExtractionStatus.Extracted, extracted.Extraction);
        var text = await fixture.Member.GetAsync<VersionText>($"/api/workspaces/{fixture.WorkspaceId}/documents/{bad.Document.Id}/versions/1/text");
        Assert.Equal(failed.ExtractionError, text.ExtractionError);
        Assert.Empty(text.Pages);
    }
}

public sealed class ExtractionQueueTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(TestDatabase.Sqlite)]
    [InlineData(TestDatabase.Postgres)]
    public async Task TwoInstancesClaimingAtOnceNeverTakeTheSameJob(TestDatabase database)
    {
        // The app's own worker is off: the two claimers below stand for two instances.
        await using var app = new CooperationApp(database, settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false", ["DocumentExtraction:Enabled"] = "false" });
        var user = await app.CreateUserAsync("claims@documents.example");
        var workspace = await user.Client.CreateWorkspaceAsync("Claims");
        for (var i = 0; i < 12; i++)
        {
            await user.Client.UploadOkAsync(workspace, $"claim-{i}.txt", TestFiles.Text($"claim {i} {Guid.NewGuid()}"));
        }

        async Task<List<Guid>> ClaimAll()
        {
            var mine = new List<Guid>();
            while (true)
            {
                await using var scope = app.Services.CreateAsyncScope();
                var job = await scope.ServiceProvider.GetRequiredService<ExtractionQueue>().ClaimAsync(null, Ct);
                if (job is null)
                {
                    return mine;
                }

                mine.Add(job.VersionId);
            }
        }

        var claims = await Task.WhenAll(Task.Run(ClaimAll, Ct), Task.Run(ClaimAll, Ct));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Distinct().Count());
        Assert.Equal(12, await app.WithDbAsync(db => db.ExtractionJobs.CountAsync(j => j.State == ExtractionJobState.Running && j.ClaimToken != null, Ct)));
    }

    [Fact]
    public async Task AJobWhoseInstanceDiedIsTakenOverWhenItsLeaseRunsOut()
    {
        await using var app = new CooperationApp(settings: new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false", ["DocumentExtraction:Enabled"] = "false" });
        var user = await app.CreateUserAsync("lease@documents.example");
        var workspace = await user.Client.CreateWorkspaceAsync("Lease");
        await user.Client.UploadOkAsync(workspace, "lease.txt", TestFiles.Text("lease"));
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(1));

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Cooperation.Web.Data.CooperationDb>();
        var options = scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Options.IOptions<DocumentExtractionOptions>>();
        var first = new ExtractionQueue(db, options, clock);
        var second = new ExtractionQueue(db, options, clock);

        var claimed = await first.ClaimAsync(null, Ct);
        Assert.NotNull(claimed);
        Assert.Null(await second.ClaimAsync(null, Ct));

        clock.Advance(options.Value.Lease + TimeSpan.FromSeconds(1));
        var takenOver = await second.ClaimAsync(null, Ct);
        Assert.NotNull(takenOver);
        Assert.Equal(claimed.VersionId, takenOver.VersionId);
        Assert.Equal(2, takenOver.Attempts);
        // The first holder's late result is not accepted.
        Assert.False(await first.FinishAsync(claimed, Ct));
        Assert.True(await second.FinishAsync(takenOver, Ct));
    }

    [Fact]
    public async Task PendingExtractionSurvivesARestart()
    {
        Guid workspace, documentId;
        string dataPath;
        var settings = new Dictionary<string, string?> { ["Cooperation:Seed:Demo"] = "false", ["DocumentExtraction:Enabled"] = "false" };
        await using (var first = new CooperationApp(settings: settings))
        {
            first.KeepDataOnDispose();
            dataPath = first.DataPath;
            var user = await first.CreateUserAsync("restart@documents.example");
            workspace = await user.Client.CreateWorkspaceAsync("Restart");
            documentId = (await user.Client.UploadOkAsync(workspace, "queued.txt", TestFiles.Text("Waiting for a worker"))).Document.Id;
            Assert.Equal(ExtractionStatus.Pending, (await user.DetailsAsync(workspace, documentId)).Versions[0].Extraction);
        }

        settings["DocumentExtraction:Enabled"] = "true";
        settings["DocumentExtraction:PollInterval"] = "00:00:00.200";
        await using var second = new CooperationApp(settings: settings, dataPath: dataPath);
        var again = await second.CreateUserAsync("restart@documents.example");
        var version = await again.WaitForExtractionAsync(workspace, documentId, 1);
        Assert.Equal(ExtractionStatus.Extracted, version.Extraction);
        Assert.Equal(0, await second.WithDbAsync(db => db.ExtractionJobs.CountAsync(Ct)));
        Directory.Delete(dataPath, recursive: true);
    }
}
