using Xunit;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Search.Ranking;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

public sealed class ExtractiveAnswerTests
{
    private const string FilingDate =
        "### Article 11\n\n(1) The receiving Office shall accord as the filing date the date of receipt, provided that the application contains at least the following elements:\n\n" +
        "(a) the name of the applicant,\n\n(b) a part which appears to be a description; or\n\n(c) a part which appears to be a claim.\n\n" +
        "(2) Where the application lacks an element, the Office shall invite the applicant to file the correction.\n";

    private const string Publication =
        "### Article 21\n\n#### International Publication\n\n(1) The International Bureau shall publish international applications.\n\n" +
        "(2) The international publication of an international application shall be effected promptly after the expiration of 18 months from the priority date.\n";

    private const string ParisArticle1 =
        "### Article premier\n\n2) La protection de la propriété industrielle a pour objet les brevets d'invention, les modèles d'utilité, les dessins ou modèles industriels, les marques de fabrique ou de commerce, le nom commercial et les indications de provenance ou appellations d'origine, ainsi que la répression de la concurrence déloyale.\n";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASentenceEndingInAColonIsQuotedWithTheListItIntroduces()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Treaty", FilingDate, "en"), Token);

        var answer = await host.Assistant.AskAsync(new AskRequest("What must the application contain, at least, to get a filing date?", [workspace]), Token);

        Assert.False(answer.Declined);
        var quote = Assert.Single(answer.Citations, c => c.Quote.Contains("at least the following elements", StringComparison.Ordinal)).Quote;
        Assert.Contains("description", quote, StringComparison.Ordinal);
        Assert.Contains("claim.", quote, StringComparison.Ordinal);
        Assert.DoesNotContain("invite the applicant", quote, StringComparison.Ordinal);
        Assert.True(TextNormalizer.ContainsQuote(FilingDate, quote));
    }

    [Fact]
    public void AListStopsAtTheNextParagraphNumberedLikeItsIntroduction()
    {
        const string text = "a) A demand may be made before whichever of the following periods expires later:\n(i) three months from the transmittal; or\n(ii) 22 months from the priority date.\nb) A demand made later is considered not submitted.";

        var spans = QuotableSpans.Of(text);

        var list = Assert.Single(spans, s => s.Text.StartsWith("a)", StringComparison.Ordinal) && s.Text.Contains("(ii)", StringComparison.Ordinal));
        Assert.DoesNotContain("b)", list.Text, StringComparison.Ordinal);
        Assert.Equal(text.IndexOf(list.Text, StringComparison.Ordinal), list.Offset);
    }

    [Fact]
    public async Task AWhenQuestionIsAnsweredWithTheSentenceThatStatesThePeriod()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Treaty", Publication, "en"), Token);

        var answer = await host.Assistant.AskAsync(new AskRequest("When does the International Bureau publish an international application?", [workspace]), Token);

        Assert.False(answer.Declined);
        Assert.StartsWith("18 months.", answer.Text, StringComparison.Ordinal);
        Assert.Contains(answer.Citations, c => c.Quote.Contains("18 months", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EveryLegalTermOfAForeignQuoteIsGlossedInTheOrderItAppears()
    {
        // Whether one article alone answers is the answer model's call; this test is about the glossary, so it answers.
        using var host = new KnowledgeTestHost(settings: new Dictionary<string, string?> { ["Assistant:DeclineBelow"] = "0" });
        var workspace = Guid.NewGuid();
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Convention de Paris", ParisArticle1, "fr"), Token);

        var answer = await host.Assistant.AskAsync(new AskRequest("What does the protection of industrial property cover?", [workspace]), Token);

        Assert.False(answer.Declined);
        var utility = answer.Text.IndexOf("= utility model", StringComparison.Ordinal);
        var unfair = answer.Text.IndexOf("= unfair competition", StringComparison.Ordinal);
        Assert.True(utility > 0 && unfair > utility, answer.Text);
    }

    [Fact]
    public async Task ADurationQuestionRanksThePassageThatStatesAPeriodFirst()
    {
        using var host = new KnowledgeTestHost();
        var workspace = Guid.NewGuid();
        const string text = "### Article 5\n\nThe renewal of a registration may be requested by the owner.\n\n### Article 6\n\nThe renewal of a registration may be requested within six months.\n";
        await host.Index.IndexAsync(KnowledgeTestHost.Document(workspace, "Law", text, "en"), Token);

        var hits = await host.Services.GetRequiredService<IKnowledgeSearch>().SearchAsync("How long may the renewal of a registration be requested?", [workspace], 5, Token);

        Assert.Equal("Article 6", hits[0].Section);
    }
}
