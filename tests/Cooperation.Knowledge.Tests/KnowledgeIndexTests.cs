using Xunit;
using Cooperation.Knowledge.Search;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

public sealed class KnowledgeIndexTests
{
    private const string DesignLaw = KnowledgeTestHost.DesignLaw;
    private const string SeedLaw = KnowledgeTestHost.SeedLaw;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QuestionAnsweredOnlyInAnotherWorkspaceIsDeclinedWithNothingQuotedFromIt()
    {
        using var host = new KnowledgeTestHost();
        var workspaceA = Guid.NewGuid();
        var workspaceB = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspaceA, "Seed rules", SeedLaw, "en"), Token);
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspaceB, "Design law", DesignLaw, "en"), Token);

        var asB = await host.Assistant.AskAsync(new AskRequest("How long is the term of protection of an industrial design?", [workspaceB]), Token);
        var asA = await host.Assistant.AskAsync(new AskRequest("How long is the term of protection of an industrial design?", [workspaceA]), Token);

        Assert.False(asB.Declined);
        Assert.Contains("15 years", asB.Text, StringComparison.Ordinal);
        Assert.All(asB.Citations, c => Assert.Equal(workspaceB, c.WorkspaceId));
        Assert.True(asA.Declined);
        Assert.Empty(asA.Citations);
        Assert.DoesNotContain("fifteen", asA.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Design law", asA.Text, StringComparison.Ordinal);
        Assert.All(asA.NearestSections, s => Assert.Equal(workspaceA, s.WorkspaceId));
    }

    [Fact]
    public async Task SearchNeverReturnsPassagesOutsideTheGivenWorkspaces()
    {
        using var host = new KnowledgeTestHost();
        var search = host.Services.GetRequiredService<IKnowledgeSearch>();
        var workspaceA = Guid.NewGuid();
        var workspaceB = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspaceA, "Seed rules", SeedLaw, "en"), Token);
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspaceB, "Design law", DesignLaw, "en"), Token);

        var hits = await search.SearchAsync("industrial design protection fifteen years", [workspaceA], 10, Token);
        var none = await search.SearchAsync("industrial design protection fifteen years", [], 10, Token);

        Assert.All(hits, h => Assert.Equal(workspaceA, h.WorkspaceId));
        Assert.Empty(none);
    }

    [Fact]
    public async Task RemovedDocumentIsNeverCitedAgain()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        var document = KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en");
        await host.Index.IndexAsync(document, Token);
        var before = await host.Assistant.AskAsync(new AskRequest("How long is the term of protection of an industrial design?", [workspace]), Token);

        await host.Index.RemoveAsync(document.DocumentId, Token);
        var after = await host.Assistant.AskAsync(new AskRequest("How long is the term of protection of an industrial design?", [workspace]), Token);

        Assert.Contains(before.Citations, c => c.DocumentId == document.DocumentId);
        Assert.True(after.Declined);
        Assert.DoesNotContain(after.Citations, c => c.DocumentId == document.DocumentId);
        Assert.DoesNotContain(document.DocumentId, (await host.Index.IndexedVersionsAsync(Token)).Keys);
        Assert.Null(await host.Index.IndexedVersionAsync(document.DocumentId, Token));
    }

    [Fact]
    public async Task IndexingANewVersionReplacesTheOldPassages()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        var id = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en", version: 1, id: id), Token);
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Design law", DesignLaw.Replace("fifteen", "twenty-five", StringComparison.Ordinal), "en", version: 2, id: id), Token);

        var passages = await host.Services.GetRequiredService<IKnowledgeSearch>().PassagesOfAsync(id, [workspace], Token);

        Assert.All(passages, p => Assert.Equal(2, p.Version));
        Assert.DoesNotContain(passages, p => p.Text.Contains("fifteen", StringComparison.Ordinal));
        Assert.Equal(2, (await host.Index.IndexedVersionsAsync(Token))[id]);
        Assert.Equal(2, await host.Index.IndexedVersionAsync(id, Token));
        Assert.Null(await host.Index.IndexedVersionAsync(Guid.NewGuid(), Token));
    }

    [Fact]
    public async Task IndexSurvivesReopening()
    {
        var path = Path.Combine(Path.GetTempPath(), "knowledge-reopen-" + Guid.NewGuid().ToString("N"));
        var workspace = Guid.NewGuid();
        var document = KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en");
        var first = new KnowledgeTestHost(path);
        await first.Index.IndexAsync(document, Token);
        first.Close();

        using var second = new KnowledgeTestHost(path);
        var versions = await second.Index.IndexedVersionsAsync(Token);
        var answer = await second.Assistant.AskAsync(new AskRequest("How long is the term of protection of an industrial design?", [workspace]), Token);

        Assert.Equal(1, versions[document.DocumentId]);
        Assert.False(answer.Declined);
        Assert.Contains(answer.Citations, c => c.DocumentId == document.DocumentId);
    }

    [Fact]
    public async Task ClearingTheIndexForgetsEveryDocument()
    {
        using var host = new KnowledgeTestHost();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(Guid.NewGuid(), "Design law", DesignLaw, "en"), Token);

        await host.Index.ClearAsync(Token);

        Assert.Empty(await host.Index.IndexedVersionsAsync(Token));
    }

    [Fact]
    public async Task EnglishQuestionFindsTheFrenchArticleThroughTheTerminology()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Convention", "### Article 8\n\nLe nom commercial sera protégé dans tous les pays sans obligation de dépôt.\n\n### Article 9\n\nTout produit portant illicitement une marque sera saisi à l'importation.\n", "fr"), Token);

        var hits = await host.Services.GetRequiredService<IKnowledgeSearch>().SearchAsync("Is a trade name protected without filing?", [workspace], 5, Token);

        Assert.Equal("Article 8", hits[0].Section);
    }

    [Fact]
    public async Task QuestionConfinedToAnInstrumentTheMaterialsNeverNameIsDeclinedOnEvidence()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en"), Token);
        var assistant = host.Services.GetRequiredService<Answering.RulesAssistant>();

        var confined = await assistant.BuildContextAsync("How long is the term of protection of an industrial design under the Hague Agreement?", [workspace], Token);
        var open = await assistant.BuildContextAsync("How long is the term of protection of an industrial design?", [workspace], Token);
        var answer = await host.Assistant.AskAsync(new AskRequest("How long is the term of protection of an industrial design under the Hague Agreement?", [workspace]), Token);

        Assert.NotEmpty(confined.Passages);
        Assert.Equal(0, confined.BestCoverage);
        Assert.True(open.BestCoverage > 0.5, $"coverage {open.BestCoverage}");
        Assert.True(answer.Declined);
        Assert.Empty(answer.Citations);
    }

    /// <summary>
    /// The site and `cooperation import` over one data folder: while the import holds the write lock the site
    /// reads what it commits, and once it lets go the site takes the writer; an early failure is not kept.
    /// </summary>
    [Fact]
    public async Task AnIndexWhoseWriterAnotherInstanceHoldsReadsItsCommitsAndWritesOnceItLetsGo()
    {
        using var site = new KnowledgeTestHost();
        var import = new KnowledgeTestHost(site.IndexPath);
        var workspace = Guid.NewGuid();
        var seeds = KnowledgeTestHost.Document(workspace, "Seed rules", SeedLaw, "en");
        var designs = KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en");
        await import.Index.IndexAsync(seeds, Token);

        await Assert.ThrowsAsync<LockObtainFailedException>(() => site.Index.IndexAsync(designs, Token));
        Assert.Equal([seeds.DocumentId], (await site.Index.IndexedVersionsAsync(Token)).Keys);

        await import.Index.IndexAsync(designs, Token);
        var hits = await site.Services.GetRequiredService<IKnowledgeSearch>().SearchAsync("industrial design protection fifteen years", [workspace], 5, Token);
        Assert.Contains(hits, h => h.DocumentId == designs.DocumentId);

        import.Close();
        var later = KnowledgeTestHost.Document(workspace, "Design law", DesignLaw.Replace("fifteen", "twenty-five", StringComparison.Ordinal), "en", version: 2, id: designs.DocumentId);
        await site.Index.IndexAsync(later, Token);
        var versions = await site.Index.IndexedVersionsAsync(Token);
        Assert.Equal(1, versions[seeds.DocumentId]);
        Assert.Equal(2, versions[designs.DocumentId]);
        var passages = await site.Services.GetRequiredService<IKnowledgeSearch>().PassagesOfAsync(designs.DocumentId, [workspace], Token);
        Assert.All(passages, p => Assert.Equal(2, p.Version));
        Assert.Contains(passages, p => p.Text.Contains("twenty-five", StringComparison.Ordinal));
    }
}
