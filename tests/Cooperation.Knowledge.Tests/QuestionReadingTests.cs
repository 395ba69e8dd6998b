using Xunit;
using Cooperation.Knowledge.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Cooperation.Knowledge.Tests;

/// <summary>How a question is broken into what the search looks for.</summary>
public sealed class QuestionReadingTests : IDisposable
{
    private readonly KnowledgeTestHost _host = new();

    private QueryPlan Plan(string question) => _host.Services.GetRequiredService<QueryExpander>().Expand(question);

    [Theory]
    [InlineData("When is an international application published?", nameof(QuestionIntent.Date))]
    [InlineData("What must an application contain when received by the Office?", nameof(QuestionIntent.General))]
    [InlineData("What is the latest date for filing a demand?", nameof(QuestionIntent.Duration))]
    [InlineData("How long is the priority period?", nameof(QuestionIntent.Duration))]
    [InlineData("How many countries signed the agreement?", nameof(QuestionIntent.Count))]
    [InlineData("How much is the international filing fee?", nameof(QuestionIntent.Amount))]
    [InlineData("Is the opinion binding on the States?", nameof(QuestionIntent.YesNo))]
    public void IntentComesFromHowTheQuestionAsks(string question, string expected)
    {
        Assert.Equal(Enum.Parse<QuestionIntent>(expected), Plan(question).Intent);
    }

    [Fact]
    public void QuestionWordsAndHedgesAreNotSearchedFor()
    {
        var plan = Plan("When is an international application normally published?");

        Assert.DoesNotContain(plan.Units, u => u.Source.Equals("normally", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(plan.Units, u => u.Source.Equals("when", StringComparison.OrdinalIgnoreCase));
        Assert.Contains(plan.Units, u => u.Kind == QueryUnitKind.Concept && u.Source == "international application");
    }

    [Fact]
    public void AConceptNamedTwiceIsOneUnit()
    {
        var plan = Plan("Which fee does the Office charge for a search?");

        Assert.Single(plan.Units, u => u.ConceptKey == "c_fee");
    }

    [Fact]
    public void ADeadlineQuestionAlsoLooksForATimeLimitWithoutCountingIt()
    {
        var deadline = Plan("By when must the translation be furnished?");
        var general = Plan("Who may furnish the translation?");

        Assert.Contains(deadline.Hints, u => u.ConceptKey == "c_time_limit");
        Assert.DoesNotContain(deadline.Units, u => u.ConceptKey == "c_time_limit");
        Assert.Empty(general.Hints);
    }

    [Fact]
    public void WordsInsideAQuotedTitleNameTheDocument()
    {
        var plan = Plan("《国务院关于涉外知识产权纠纷处理的规定》自何时起施行？");

        Assert.Contains(plan.Units, u => u.InQuotedName && u.Source == "知识产权");
        Assert.Contains(plan.Units, u => !u.InQuotedName && u.Source == "施行");
    }

    [Fact]
    public void CompoundWordsOfTheQuestionMatchOnlyWhereTheyStandTogether()
    {
        var matcher = _host.Services.GetRequiredService<Answering.PassageMatcher>();
        var plan = Plan("Who may withdraw the international application?");
        var unit = Assert.Single(plan.Units, u => u.Source == "international application");

        Assert.Contains(unit, matcher.Matches(plan, "The applicant may withdraw the international application at any time.", "en"));
        Assert.DoesNotContain(unit, matcher.Matches(plan, "The International Bureau shall notify the applicant and the Office.", "en"));
    }

    [Fact]
    public void AGlossaryWordingIsNotMatchedByItsOpposite()
    {
        var matcher = _host.Services.GetRequiredService<Answering.PassageMatcher>();
        var plan = Plan("What is the latest date for filing the demand?");

        Assert.DoesNotContain(matcher.Matches(plan, "an international filing date which is later than the date on which the period expired", "en"), u => u.ConceptKey == "c_latest");
    }

    [Fact]
    public void InstrumentsAndJurisdictionsNamedInAQuestionConfineIt()
    {
        var plan = Plan("How long is a utility model protected in China under the Paris Convention?");

        Assert.Contains(plan.Units, u => u.NamesScope && u.ConceptKey == "c_china");
        Assert.Contains(plan.Units, u => u.NamesScope && u.ConceptKey == "c_paris_convention");
        Assert.DoesNotContain(plan.Units, u => u.NamesScope && u.ConceptKey == "c_utility_model");
    }

    public void Dispose() => _host.Dispose();
}
