using Xunit;
using Cooperation.Knowledge.Analysis;
using Cooperation.Knowledge.Indexing;
using Cooperation.Knowledge.Terminology;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

public sealed class ConceptTaggerTests : IDisposable
{
    private readonly KnowledgeTestHost _host = new();

    private ConceptTagger Tagger => new(_host.Services.GetRequiredService<LanguageAnalyzers>(), _host.Services.GetRequiredService<IpTerminology>());

    [Fact]
    public void EveryWordingOfAConceptIsIndexedUnderOneKey()
    {
        var english = Tagger.Tag("en", "The International Bureau shall publish the application.");
        var french = Tagger.Tag("fr", "Le Bureau international publie les informations.");
        var chinese = Tagger.Tag("zh", "国际局应当公布国际申请。");

        Assert.Contains("c_international_bureau", english);
        Assert.Contains("c_international_bureau", french);
        Assert.Contains("c_international_bureau", chinese);
    }

    [Fact]
    public void EachMentionCounts()
    {
        var keys = Tagger.Tag("en", "A priority claim may be corrected; a priority claim may also be added.");

        Assert.Equal(2, keys.Count(k => k == "c_priority_claim"));
    }

    [Fact]
    public void KeysDoNotDependOnTheOrderOfTheGlossary()
    {
        var one = IpTerminology.Parse("utility model\t实用新型\tmodèle d'utilité\n");
        var two = IpTerminology.Parse("patent\t专利\tbrevet\nutility model\t实用新型\tmodèle d'utilité\n");

        Assert.Equal(ConceptTagger.Key(one.Concepts[0]), ConceptTagger.Key(two.Concepts[1]));
    }

    [Fact]
    public void ASeventhColumnMarksInstrumentsOfficesAndJurisdictions()
    {
        var glossary = IpTerminology.Parse("Berne Convention\t伯尔尼公约\tConvention de Berne\t\t\t\tscope\npatent\t专利\tbrevet\n");

        Assert.True(glossary.Concepts[0].NamesScope);
        Assert.False(glossary.Concepts[1].NamesScope);
        Assert.Equal("Convention de Berne", glossary.Concepts[0].Variants["fr"][0]);
    }

    public void Dispose() => _host.Dispose();
}
