using System.Text;
using Cooperation.Knowledge.Answering;
using Cooperation.Knowledge.Evaluation;
using Cooperation.Knowledge.Search;
using Cooperation.Knowledge.Search.Ranking;
using Xunit;

namespace Cooperation.Knowledge.Tests;

/// <summary>The trained model files, the evaluator that runs them, and the rules that keep a short lead honest.</summary>
public sealed class LearnedModelTests
{
    [Fact]
    public void TheShippedModelsAreTrainedOnTheFeaturesThisBuildComputes()
    {
        var ranker = new RankingModels().Ranker;
        var answer = AnswerModel.LoadEmbedded();

        Assert.NotEmpty(ranker.Trees);
        Assert.Equal(SpanFeatures.Names, ranker.Features);
        Assert.Equal(AnswerFeatures.Names, answer.Features);
        Assert.InRange(answer.DeclineBelow, 0.01, 0.99);
        Assert.NotEmpty(answer.Domain.Weights);
    }

    [Fact]
    public void ATreeGoesLeftAtOrBelowItsThresholdAndAddsItsWeightedLeaf()
    {
        var model = TreeEnsemble.Load(Json("""{"features":["a","b"],"bias":0.5,"trees":[{"weight":2,"left":[-1],"right":[-2],"feature":[1],"threshold":[0.3],"leaf":[1.0,-1.0]}]}"""), ["a", "b"]);

        Assert.Equal(2.5, model.Score([9f, 0.3f]), 6);
        Assert.Equal(-1.5, model.Score([9f, 0.31f]), 6);
    }

    [Fact]
    public void AModelTrainedOnOtherFeaturesIsRefusedNotGuessedAt()
    {
        var error = Assert.Throws<InvalidDataException>(() => TreeEnsemble.Load(Json("""{"features":["b","a"],"bias":0,"trees":[]}"""), ["a", "b"]));

        Assert.Contains("train it again", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"weight":1,"left":[0],"right":[-1],"feature":[0],"threshold":[0],"leaf":[0,0]}""")]
    [InlineData("""{"weight":1,"left":[-1],"right":[-3],"feature":[0],"threshold":[0],"leaf":[0,0]}""")]
    [InlineData("""{"weight":1,"left":[-1],"right":[-2],"feature":[5],"threshold":[0],"leaf":[0,0]}""")]
    public void AMalformedTreeIsRefused(string tree)
    {
        Assert.Throws<InvalidDataException>(() => TreeEnsemble.Load(Json("""{"features":["a"],"bias":0,"trees":[""" + tree + "]}"), ["a"]));
    }

    [Fact]
    public void AnAnswerModelOfOtherFeaturesIsRefused()
    {
        var error = Assert.Throws<InvalidDataException>(() => AnswerModel.Load(Json("""{"features":["x"],"mean":[0],"scale":[1],"weights":[0],"bias":0,"domain":{"bias":0,"weights":{}}}""")));

        Assert.Contains("train it again", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AYesOrNoIsReadFromANegationInTheQuoteThatCoversTheQuestion()
    {
        var plan = Plan(QuestionIntent.YesNo, "Can a member impose compulsory licences on trademarks?");
        var no = Span("The compulsory licensing of trademarks shall not be permitted.", coverage: 0.8f);
        var weak = Span("The compulsory licensing of trademarks shall not be permitted.", coverage: 0.3f);

        Assert.Equal("No.", ExtractiveAnswerer.Lead(plan, no, [no], leadCoverage: 0.5));
        Assert.Equal("Yes.", ExtractiveAnswerer.Lead(plan, Span("Members may determine the conditions on the licensing of trademarks.", 0.8f), [no], 0.5));
        Assert.Null(ExtractiveAnswerer.Lead(plan, weak, [weak], leadCoverage: 0.5));
    }

    [Theory]
    [InlineData("Is spreading false rumours about a competitor's product a violation of the law?", "en")]
    [InlineData("Can't the office refuse the request?", "en")]
    [InlineData("竞争对手编造谣言，这种行为违反反不正当竞争法吗？", "zh")]
    public void AQuestionThatDoesNotAskWhetherSomethingMayBeDoneGetsNoYesOrNo(string question, string language)
    {
        // A sentence that forbids the conduct answers "is it a violation?" with yes, so its negation decides nothing.
        var plan = Plan(QuestionIntent.YesNo, question, language);
        var forbidding = Span("Business operators shall not fabricate or spread false information that damages a competitor.", coverage: 0.9f);

        Assert.Null(ExtractiveAnswerer.Lead(plan, forbidding, [forbidding], leadCoverage: 0.5));
    }

    [Theory]
    [InlineData("经营者不得实施下列混淆行为。", true)]
    [InlineData("未经著作权人许可，复制其软件的，应当承担民事责任。", true)]
    [InlineData("本法所称的不正当竞争行为，是指经营者扰乱市场竞争秩序的行为。", false)]
    [InlineData("对非法经营的，由监督检查部门没收违法所得。", false)]
    [InlineData("权利人应当向海关提供不超过货物等值的担保。", false)]
    public void AChineseSentenceIsNegatedByItsClauseNotByATermThatHoldsANegatingCharacter(string sentence, bool negated) =>
        Assert.Equal(negated, YesNoReading.IsNegated(sentence, "zh"));

    [Theory]
    [InlineData("The applicant shall pay the national fee not later than at the expiration of 30 months.", "en", false)]
    [InlineData("Nothing in this Treaty shall affect the freedom of Contracting Parties to determine the conditions.", "en", true)]
    [InlineData("A Contracting Party may not require the furnishing of the license contract.", "en", true)]
    [InlineData("Заявление подается не позднее трех месяцев.", "ru", false)]
    [InlineData("Регистрация не допускается.", "ru", true)]
    public void ABoundOnAFigureIsNotANegation(string sentence, string language, bool negated) =>
        Assert.Equal(negated, YesNoReading.IsNegated(sentence, language));

    [Theory]
    [InlineData("能否在起诉前申请法院责令停止侵权？", "zh", true)]
    [InlineData("Может ли ведомство отказать в регистрации?", "ru", true)]
    [InlineData("Must the office publish the registration?", "en", true)]
    [InlineData("Does the treaty require the furnishing of the licence contract?", "en", true)]
    [InlineData("Is a self-employed seller a business operator?", "en", false)]
    public void AQuestionAsksWhetherSomethingMayOrMustBeDone(string question, string language, bool asks) =>
        Assert.Equal(asks, YesNoReading.AsksWhetherAllowed(question, language));

    [Fact]
    public void APeriodIsStatedOnlyWhenTheQuoteHoldsExactlyOne()
    {
        var plan = Plan(QuestionIntent.Duration);
        var one = Span("The term of protection of a design patent shall be fifteen years.", 0.8f);
        var two = Span("The request shall be filed within two months, and the patent lasts fifteen years.", 0.8f);

        Assert.Equal("15 years.", ExtractiveAnswerer.Lead(plan, one, [one], 0.5));
        Assert.Null(ExtractiveAnswerer.Lead(plan, two, [two], 0.5));
    }

    [Theory]
    [InlineData("yes-no", "no|not", null, "Yes.", true)]
    [InlineData("yes-no", "no|not", null, "No.", false)]
    [InlineData("yes-no", "yes", "yes", "不。", true)]
    [InlineData("number", "30|thirty", null, "2 months.", true)]
    [InlineData("number", "30|thirty", null, "30 months.", false)]
    [InlineData("definition", "description", null, "2 months.", false)]
    public void AStatedLeadIsJudgedAgainstTheExpectedAnswer(string kind, string mustContain, string? lead, string stated, bool wrong)
    {
        var question = new EvaluationQuestion("q", "?", true, [mustContain], "doc.md", null, "en", kind, [], [], lead);

        Assert.Equal(wrong, EvaluationRunner.IsWrongLead(question, stated));
        Assert.False(EvaluationRunner.IsWrongLead(question, null));
    }

    [Fact]
    public void AnyLeadOnAQuestionTheMaterialsDoNotAnswerIsWrong()
    {
        var question = new EvaluationQuestion("q", "?", false, [], null, null, "en", "unanswerable", [], ["off-topic"]);

        Assert.True(EvaluationRunner.IsWrongLead(question, "Yes."));
    }

    [Fact]
    public void EvidenceThatIsNotInItsDocumentIsNamed()
    {
        var questions = new[] { new EvaluationQuestion("q7", "?", true, ["12"], "paris.md", "Article 4", "en", "number", ["douze mois"]) };

        Assert.Null(EvaluationQuestions.EvidenceProblem(questions, new Dictionary<string, string?> { ["paris.md"] = "seront de douze\u00A0mois pour" }));
        Assert.Null(EvaluationQuestions.EvidenceProblem(questions, new Dictionary<string, string?> { ["paris.md"] = null }));
        Assert.Equal("The evidence of question q7 is not in paris.md: \"douze mois\".", EvaluationQuestions.EvidenceProblem(questions, new Dictionary<string, string?> { ["paris.md"] = "six mois" }));
        Assert.Equal("Question q7 is about paris.md, which is not in the corpus.", EvaluationQuestions.EvidenceProblem(questions, new Dictionary<string, string?>()));
    }

    [Fact]
    public void TheDomainModelReadsChineseByCharactersAndPairs()
    {
        Assert.True(QuestionDomain.Tokens("天气 weather is a").SetEquals(["天", "气", "天气", "weather", "weath…", "is"]));
    }

    [Fact]
    public void TheDomainModelCountsConceptsAndLetterTriplesWhenAsked()
    {
        var plan = new QueryPlan("Patents?", "en", QuestionIntent.General, [new QueryUnit(QueryUnitKind.Concept, "patent", [], ConceptKey: "patent")], []);

        Assert.True(QuestionDomain.Tokens(plan, letterTriples: false).SetEquals(["patents", "paten…", "concept:patent", "concepts:some"]));
        Assert.Contains("#^pa", QuestionDomain.Tokens(plan, letterTriples: true));
        Assert.Contains("#ts$", QuestionDomain.Tokens(plan, letterTriples: true));
        Assert.Contains("concepts:none", QuestionDomain.Tokens(new QueryPlan("Weather?", "en", QuestionIntent.General, [], []), letterTriples: false));
    }

    [Fact]
    public void DomainQuestionsNeedAQuestionAndAnAnswerToOnTopic()
    {
        Assert.Equal([new DomainQuestion("Is it raining?", false)], DomainQuestions.Parse(new StringReader("{\"question\":\"Is it raining?\",\"onTopic\":false}\n\n")));
        Assert.Equal("Line 2 of the domain questions file needs a \"question\" and \"onTopic\": true or false.", Assert.Throws<FormatException>(() => DomainQuestions.Parse(new StringReader("{\"question\":\"a\",\"onTopic\":true}\n{\"question\":\"b\"}"))).Message);
        Assert.StartsWith("Line 1 of the domain questions file is not valid JSON", Assert.Throws<FormatException>(() => DomainQuestions.Parse(new StringReader("{\"question\":"))).Message, StringComparison.Ordinal);
    }

    private static MemoryStream Json(string json) => new(Encoding.UTF8.GetBytes(json));

    private static QueryPlan Plan(QuestionIntent intent, string question = "?", string language = "en") => new(question, language, intent, [], []);

    private static RankedSpan Span(string text, float coverage)
    {
        var hit = new KnowledgeHit(Guid.NewGuid(), Guid.NewGuid(), 1, "Law", "en", "Article 1", "Article 1", string.Empty, null, text, 1, []);
        var features = new float[SpanFeatures.Count];
        features[SpanFeatures.SpanCoverage] = coverage;
        return new RankedSpan(hit, 0, text, 0, features);
    }
}
