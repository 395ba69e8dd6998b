using Xunit;
using Cooperation.Knowledge.Text;

namespace Cooperation.Knowledge.Tests;

public sealed class TimeExpressionTests
{
    [Theory]
    [InlineData("Les délais de priorité seront de douze mois pour les brevets.", "12 months")]
    [InlineData("not later than at the expiration of 30 months from the priority date", "30 months")]
    [InlineData("the PCT 30-month limit", "30 months")]
    [InlineData("within a period of two months from that date", "2 months")]
    [InlineData("应当在三个月内提出", "3 months")]
    [InlineData("un délai minimum de cinq années à compter de l'enregistrement", "5 years")]
    public void PeriodsAreReadInEveryLanguageAsTheSameEnglishAmount(string sentence, string expected)
    {
        Assert.Contains(expected, TimeExpressions.Durations(sentence));
    }

    [Fact]
    public void ADateIsNotReadAsYearsMonthsAndDays()
    {
        Assert.Empty(TimeExpressions.Durations("本规定自2025年5月1日起施行。"));
        Assert.True(TimeExpressions.HasDate("本规定自2025年5月1日起施行。"));
        Assert.True(TimeExpressions.HasDate("The meeting was held on November 30, 2020."));
    }

    [Fact]
    public void WordsThatOnlyLookLikeUnitsAreNotPeriods()
    {
        Assert.Empty(TimeExpressions.Durations("Les pays de l'Union dans lesquels la demande est déposée."));
        Assert.Empty(TimeExpressions.Durations("The fee is payable monthly."));
    }

    [Fact]
    public void ArticleNumbersAreNotQuantitiesButCountsAre()
    {
        Assert.False(TimeExpressions.HasQuantity("as provided in Article 22 and Rule 49"));
        Assert.True(TimeExpressions.HasQuantity("at least eight States have deposited their instruments"));
        Assert.True(TimeExpressions.HasAmount("The search fee is 1,330 Swiss francs."));
        Assert.False(TimeExpressions.HasAmount("The search fee is prescribed."));
    }
}
