using Xunit;
using Cooperation.Knowledge.Chunking;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Tests;

public sealed class ChunkingTests
{
    private static IReadOnlyList<KnowledgeChunk> Chunk(string text, string? language = null, ChunkingOptions? options = null) =>
        new DocumentChunker(options ?? new ChunkingOptions()).Chunk(KnowledgeTestHost.Document(Guid.NewGuid(), "Test", text, language));

    [Theory]
    [InlineData("二十九", 29)]
    [InlineData("十二", 12)]
    [InlineData("一百零三", 103)]
    [InlineData("两千", 2000)]
    [InlineData("18", 18)]
    public void ChineseNumeralsAreReadAsNumbers(string numeral, int expected)
    {
        Assert.True(ChineseNumerals.TryParse(numeral, out var value));
        Assert.Equal(expected, value);
        Assert.True(ChineseNumerals.TryParse(ChineseNumerals.Format(expected), out var roundTrip));
        Assert.Equal(expected, roundTrip);
    }

    [Fact]
    public void ChineseArticlesWithoutHeadingsBecomeCitableUnits()
    {
        var chunks = Chunk("第一章 总则\n\n第二十八条 本条第一款。\n\n第二款的内容。\n\n第二十九条 规定如下：\n\n（一）第一项；\n\n（二）第二项。", "zh");

        Assert.Equal(["第二十八条", "第二十九条"], chunks.Select(c => c.Label));
        Assert.All(chunks, c => Assert.Equal("zh", c.Language));
        Assert.Contains(chunks[0].Anchors, a => a.Label == "第二十八条第二款");
        Assert.Contains(chunks[1].Anchors, a => a.Label == "第二十九条（二）");
        Assert.Equal("第二十九条", chunks[1].LabelAt(0));
        Assert.Equal("第二十九条（二）", chunks[1].LabelAt(chunks[1].Text.IndexOf("（二）", StringComparison.Ordinal)));
    }

    [Fact]
    public void RuleWithBisNumberingGetsTheUsualCitationForm()
    {
        var text = "### Rule 26bis\n\n#### Correction or Addition of Priority Claim\n\n26bis.1. *Correction or Addition of Priority Claim*\n\na) The applicant may correct a priority claim within 16 months.\n\nb) Any notice shall be considered not to have been submitted.\n";
        var chunk = Assert.Single(Chunk(text, "en"));

        Assert.Equal("Rule 26bis.1", chunk.Label);
        Assert.Equal("Rule 26bis > 26bis.1", chunk.SectionPath);
        Assert.Equal("Rule 26bis.1(a)", chunk.LabelAt(chunk.Text.IndexOf("16 months", StringComparison.Ordinal)));
        Assert.Equal("Rule 26bis.1(b)", chunk.LabelAt(chunk.Text.IndexOf("Any notice", StringComparison.Ordinal)));
        Assert.Contains("Correction or Addition of Priority Claim", chunk.Heading, StringComparison.Ordinal);
    }

    [Fact]
    public void FrenchArticlesWithLetteredSectionsAreCitedLikeArticle4C1()
    {
        var text = "### Article premier\n\n1). Les pays constituent une Union.\n2). La protection a pour objet les brevets.\n\n### Article 4\n\nA.\n\n1)Celui qui aura fait le dépôt jouira d'un droit de priorité.\n\nC.\n\n1)Les délais de priorité seront de douze mois.\n\n2)Le jour du dépôt n'est pas compris dans le délai.\n";
        var chunks = Chunk(text);

        Assert.Equal("fr", chunks[0].Language);
        Assert.Equal("Article 1", chunks[0].Label);
        Assert.Equal("Article premier", chunks[0].SectionPath);
        var article4 = chunks.Single(c => c.Text.Contains("douze mois", StringComparison.Ordinal));
        Assert.Equal("Article 4C(1)", article4.LabelAt(article4.Text.IndexOf("douze", StringComparison.Ordinal)));
        Assert.Equal("Article 4C(2)", article4.LabelAt(article4.Text.IndexOf("jour du dépôt", StringComparison.Ordinal)));
    }

    [Fact]
    public void FrenchUnnumberedParagraphsAreCitedAsAlineas()
    {
        var chunk = Assert.Single(Chunk("### Article 7\n\nLa nature du produit ne peut faire obstacle.\n\nLe présent article s'applique aussi aux marques.\n", "fr"));
        Assert.Equal("Article 7, alinéa 2", chunk.LabelAt(chunk.Text.IndexOf("Le présent", StringComparison.Ordinal)));
    }

    [Fact]
    public void RussianArticlesAndPartsAreRecognised()
    {
        var chunks = Chunk("Глава 1\n\nСтатья 5\n\n1. Патент выдается на изобретение.\n\n2. Срок действия патента двадцать лет.\n", "ru");
        var chunk = Assert.Single(chunks);

        Assert.Equal("Статья 5", chunk.Label);
        Assert.Equal("Статья 5(2)", chunk.LabelAt(chunk.Text.IndexOf("Срок", StringComparison.Ordinal)));
    }

    [Fact]
    public void EnglishArticlesWithPartsChaptersAndRomanItemsKeepTheirPath()
    {
        var text = "### PART A\n\n### CHAPTER I\n\n### Article 2\n\n#### Definitions\n\n(xi) \"priority date\" means:\n\n(a) where there is one claim, its date;\n\n(b) where there are several, the earliest;\n";
        var chunk = Assert.Single(Chunk(text, "en"));

        Assert.Equal("Article 2(xi)(b)", chunk.LabelAt(chunk.Text.IndexOf("the earliest", StringComparison.Ordinal)));
        Assert.StartsWith("PART A", chunk.Heading, StringComparison.Ordinal);
        Assert.Contains("Article 2 Definitions", chunk.Heading, StringComparison.Ordinal);
    }

    [Fact]
    public void MetadataTableIsLeftOutAndNonBreakingSpacesAreNormalised()
    {
        var text = "# Title of the file\n\n| Field | Value |\n|---|---|\n| Source | somewhere secret |\n\n---\n\n### Rule 17\n\n17.1. The copy shall arrive within 16\u00A0months.\n";
        var chunk = Assert.Single(Chunk(text, "en"));

        Assert.DoesNotContain("somewhere secret", chunk.Text, StringComparison.Ordinal);
        Assert.Contains("16 months", chunk.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u00A0', chunk.Text);
        Assert.Equal("Title of the file", chunk.DocumentHeading);
    }

    [Fact]
    public void LongArticlesAreSplitWithOverlapAndShortOnesKeptWhole()
    {
        var sentences = string.Join(' ', Enumerable.Range(1, 40).Select(i => $"Sentence number {i} says something about the time limit."));
        var chunks = Chunk($"### Article 9\n\n{sentences}\n\n### Article 10\n\nShort article.\n", "en", new ChunkingOptions { MaxChunkChars = 600, TargetChunkChars = 400, OverlapChars = 120 });

        var article9 = chunks.Where(c => c.Label == "Article 9").ToList();
        Assert.True(article9.Count > 2);
        Assert.All(article9, c => Assert.True(c.Text.Length <= 400 + 120 + 60));
        for (var i = 1; i < article9.Count; i++)
        {
            var lastSentence = SentenceSplitter.Split(article9[i - 1].Text)[^1];
            Assert.InRange(article9[i].Text.IndexOf(lastSentence, StringComparison.Ordinal), 0, 120);
        }

        Assert.Equal("Short article.", Assert.Single(chunks, c => c.Label == "Article 10").Text);
    }
}
