using Xunit;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

/// <summary>What the search keeps between questions must never make it find less or find what is gone.</summary>
public sealed class SearchCacheTests
{
    private const string DesignLaw = KnowledgeTestHost.DesignLaw;
    private const string MarkLaw = "### Article 7\n\nThe registration of an industrial design mark lasts ten years and may be renewed.\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SearchWithTheSameWorkspacesFindsDocumentsAddedAndRemovedSinceTheLastQuestion()
    {
        using var host = new KnowledgeTestHost();
        var search = host.Services.GetRequiredService<IKnowledgeSearch>();
        var workspace = Guid.NewGuid();
        var other = Guid.NewGuid();
        var design = KnowledgeTestHost.Document(workspace, "Design law", DesignLaw, "en");
        await host.Index.IndexAsync(design, Token);
        var first = await search.SearchAsync("industrial design", [workspace, other], 10, Token);

        // The same set of workspaces again, after a document was added to one of them.
        var marks = KnowledgeTestHost.Document(other, "Mark law", MarkLaw, "en");
        await host.Index.IndexAsync(marks, Token);
        var second = await search.SearchAsync("industrial design", [other, workspace], 10, Token);
        await host.Index.RemoveAsync(design.DocumentId, Token);
        var third = await search.SearchAsync("industrial design", [workspace, other], 10, Token);
        var onlyWorkspace = await search.SearchAsync("industrial design", [workspace], 10, Token);

        Assert.Equal([design.DocumentId], first.Select(h => h.DocumentId).Distinct());
        Assert.Equal(new[] { design.DocumentId, marks.DocumentId }.Order(), second.Select(h => h.DocumentId).Distinct().Order());
        Assert.Equal([marks.DocumentId], third.Select(h => h.DocumentId).Distinct());
        Assert.Empty(onlyWorkspace);
    }

    [Fact]
    public void ReadTextIsReusedUntilItIsTheLeastRecentlyUsedBeyondTheBound()
    {
        var cache = new AnalysedTextCache(capacity: 2);
        var reads = 0;
        UnitMatcher.ReadText Read(string text, string language = "en") => cache.GetOrAdd(text, language, alsoEnglish: false, () =>
        {
            reads++;
            return new UnitMatcher.ReadText(language, [], [], null);
        });

        var a = Read("alpha");
        Read("beta");
        Assert.Same(a, Read("alpha"));
        Read("gamma");
        Read("beta");
        Read("beta", "fr");

        // "alpha" was used after "beta", so "beta" went out for "gamma"; "alpha" for "beta", "gamma" for "beta" in French.
        Assert.Equal(5, reads);
        Assert.Equal(2, cache.Count);
        Assert.NotSame(a, Read("alpha"));
        Assert.Equal(6, reads);
    }

    [Fact]
    public void MatchingAPassageReadBeforeGivesTheSameUnits()
    {
        using var analyzers = new LanguageAnalyzers();
        var expander = new QueryExpander(analyzers, Terminology.IpTerminology.LoadEmbedded());
        var matcher = new UnitMatcher(analyzers);
        var plan = expander.Expand("How long is the term of protection of an industrial design?");

        var fresh = matcher.Matches(plan, DesignLaw, "en");
        var again = matcher.Matches(plan, DesignLaw, "en");

        Assert.NotEmpty(fresh);
        Assert.Equal(fresh.Select(u => u.Source).Order(), again.Select(u => u.Source).Order());
        Assert.Same(matcher.Read(DesignLaw, "en"), matcher.Read(DesignLaw, "en"));
    }
}
