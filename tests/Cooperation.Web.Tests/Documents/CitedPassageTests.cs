using Cooperation.Web.Pages.Documents;

namespace Cooperation.Web.Tests.Documents;

/// <summary>Which words of a page the document preview marks for a citation link's quote and section.</summary>
public sealed class CitedPassageTests
{
    private const string Paris =
        "Article 5B\nThe protection of industrial designs shall not, under any circumstance, be subject to any forfeiture.\n" +
        "Article 5quinquies\nIndustrial designs shall be protected in all the countries of the Union.\n" +
        "Les dessins ou modèles industriels seront protégés dans tous les pays de l’Union.";

    [Fact]
    public void AQuoteWithAccentedLettersIsMarkedWordForWord() =>
        Assert.Equal("ou modèles", Marked(Paris, "ou modèles", null));

    [Theory]
    [InlineData("ou modè", "ou modèles")]
    [InlineData("dans tous les pa", "dans tous les pays")]
    [InlineData("protégés dans", "protégés dans")]
    public void AQuoteCutInsideAWordIsMarkedToTheEndOfThatWord(string quote, string marked) =>
        Assert.Equal(marked, Marked(Paris, quote, null));

    [Fact]
    public void AnAccentWrittenAsACombiningMarkStaysInsideTheMarkedWord()
    {
        var page = "Les dessins ou mode\u0300les industriels.";

        Assert.Equal("ou mode\u0300les", Marked(page, "ou mode", null));
    }

    [Fact]
    public void LineBreaksCurlyApostrophesAndCaseOnThePageDoNotStopTheMatch() =>
        Assert.Equal("Industrial designs shall be protected in all the countries of the Union.\nLes dessins ou modèles industriels seront protégés dans tous les pays de l’Union",
            Marked(Paris, "industrial designs shall be protected in all the countries of the Union. Les dessins ou modèles industriels seront protégés dans tous les pays de l'Union", null));

    [Fact]
    public void AQuoteThatRunsOnBeyondThePageIsFoundByItsFirstWordsWithoutCuttingAWord()
    {
        var quote = "The protection of industrial designs shall not, under any circumstance, be subject to any forfeiture, either by reason of failure to work";

        Assert.Equal("The protection of industrial designs shall", Marked(Paris, quote, null));
    }

    [Fact]
    public void WithoutAQuoteOnThePageTheSectionOrTheHeadOfItsLabelIsMarked()
    {
        Assert.Equal("Article 5quinquies", Marked(Paris, "words that are not on this page", "Article 5quinquies"));
        Assert.Equal("Article 5B", Marked(Paris, null, "Article 5B(1)"));
        Assert.Null(CitedPassage.Find(Paris, "not here", "Rule 26bis"));
    }

    [Fact]
    public void ChineseIsMarkedExactlyAsQuotedBecauseItHasNoSpacesToEndAWordAt()
    {
        var page = "第十条 本规定自2025年5月1日起施行。";

        Assert.Equal("本规定自", Marked(page, "本规定自", null));
        Assert.Equal("2025年5月1日起施行", Marked(page, "2025年5月1日起施行", null));
    }

    private static string? Marked(string page, string? quote, string? section) =>
        CitedPassage.Find(page, quote, section) is { } cited ? page.Substring(cited.Start, cited.Length) : null;
}
