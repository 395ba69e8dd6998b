using Cooperation.Knowledge.Answering.Generative;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Search;
using Xunit;

namespace Cooperation.Knowledge.Tests;

public sealed class GenerativeCitationTests
{
    private const string Paris =
        "A. — (1) Celui qui aura régulièrement fait le dépôt d'une demande jouira d'un droit de priorité.\n" +
        "C. — (1) Les délais de priorité mentionnés ci-dessus seront de douze\u00A0mois pour les brevets d'invention et les modèles d'utilité, et de six\u00A0mois pour les dessins ou modèles industriels.";

    private static readonly Guid Workspace = Guid.NewGuid();
    private static readonly Guid Document = Guid.NewGuid();

    [Fact]
    public void QuoteWithPlainSpacesVerifiesAgainstASourceWithNonBreakingSpaces()
    {
        var passages = new NumberedPassages([Passage(Paris)]);

        var citation = CitationVerifier.Verify(new GeneratedClaim("Six months for designs.", 1, "six mois pour les dessins ou modèles industriels"), passages);

        Assert.NotNull(citation);
        Assert.Equal("six mois pour les dessins ou modèles industriels", citation.Quote);
        Assert.Equal(Document, citation.DocumentId);
        Assert.Equal(Workspace, citation.WorkspaceId);
    }

    [Fact]
    public void QuoteIsCitedAtTheParagraphThatHoldsIt()
    {
        var passages = new NumberedPassages([Passage(Paris)]);

        var inA = CitationVerifier.Verify(new GeneratedClaim("Filing gives priority.", 1, "jouira d'un droit de priorité"), passages);
        var inC = CitationVerifier.Verify(new GeneratedClaim("Twelve months for patents.", 1, "douze mois pour les brevets d\u2019invention"), passages);

        Assert.Equal("Article 4A(1)", inA?.Section);
        Assert.Equal("Article 4C(1)", inC?.Section);
        Assert.Equal("douze mois pour les brevets d'invention", inC?.Quote);
    }

    [Theory]
    [InlineData(1, "douze ans pour les brevets")]
    [InlineData(1, "de six")]
    [InlineData(1, "six mois ... dessins")]
    [InlineData(2, "six mois pour les dessins ou modèles industriels")]
    [InlineData(0, "six mois pour les dessins ou modèles industriels")]
    public void QuoteNotFoundInTheCitedPassageIsRejected(int passage, string quote)
    {
        var passages = new NumberedPassages([Passage(Paris), Passage("Article 5. Les marques enregistrées ne peuvent être annulées pour défaut d'exploitation qu'après un délai équitable.")]);

        Assert.Null(CitationVerifier.Verify(new GeneratedClaim("Claim.", passage, quote), passages));
    }

    [Fact]
    public void ShortChineseQuoteVerifiesWhereAShortLatinOneWouldNot()
    {
        var passages = new NumberedPassages([Passage("第二十九条 外观设计在中国第一次提出专利申请之日起六个月内，又在外国提出申请的，可以享有优先权。")]);

        var citation = CitationVerifier.Verify(new GeneratedClaim("六个月。", 1, "六个月内"), passages);

        Assert.Equal("六个月内", citation?.Quote);
    }

    [Fact]
    public void AnswerBuilderNumbersCitationsAndReusesTheNumberOfARepeatedQuote()
    {
        var passages = new NumberedPassages([Passage(Paris)]);
        var answer = new VerifiedAnswerBuilder("en");

        var first = answer.Add(new GeneratedClaim("Designs: six months.", 1, "six mois pour les dessins"), passages);
        var dropped = answer.Add(new GeneratedClaim("Trademarks: three months.", 1, "trois mois pour les marques"), passages);
        var second = answer.Add(new GeneratedClaim("Patents: twelve months.", 1, "douze mois pour les brevets"), passages);
        var repeated = answer.Add(new GeneratedClaim("So designs get six months.", 1, "six mois pour les dessins"), passages);

        Assert.Equal("Designs: six months. [1]", first);
        Assert.Null(dropped);
        Assert.Equal(" Patents: twelve months. [2]", second);
        Assert.Equal(" So designs get six months. [1]", repeated);
        Assert.Equal(2, answer.Citations.Count);
        Assert.Equal(1, answer.Rejected);
        Assert.Equal(first + second + repeated, answer.Text);
    }

    private static KnowledgeHit Passage(string text) => new(
        Workspace,
        Document,
        1,
        "Convention de Paris",
        "fr",
        "Article 4",
        "Article 4",
        "Article 4",
        3,
        text,
        1f,
        [new SectionAnchor(0, "Article 4A(1)"), new SectionAnchor(text.IndexOf("C. —", StringComparison.Ordinal) is var c and >= 0 ? c : text.Length, "Article 4C(1)")]);
}
