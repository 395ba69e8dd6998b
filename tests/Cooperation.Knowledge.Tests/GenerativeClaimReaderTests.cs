using Cooperation.Knowledge.Answering.Generative;
using Xunit;

namespace Cooperation.Knowledge.Tests;

public sealed class GenerativeClaimReaderTests
{
    private const string Reply =
        "CLAIM: The priority period for designs is six months [1].\nPASSAGE: 1\nQUOTE: \"six mois pour les dessins ou modèles industriels\"\n\n" +
        "CLAIM: For patents it is twelve months.\nPASSAGE: [2]\nQUOTE: douze mois pour les brevets d'invention\n";

    [Fact]
    public void ClaimsSplitAcrossArbitraryPiecesReadTheSameAsTheWholeReply()
    {
        var whole = ReadAll(new ClaimReader(), [Reply]);
        var byCharacter = ReadAll(new ClaimReader(), Reply.Select(c => c.ToString()));

        Assert.Equal(2, whole.Count);
        Assert.Equal(whole, byCharacter);
        Assert.Equal(new GeneratedClaim("The priority period for designs is six months.", 1, "six mois pour les dessins ou modèles industriels"), whole[0]);
        Assert.Equal(new GeneratedClaim("For patents it is twelve months.", 2, "douze mois pour les brevets d'invention"), whole[1]);
    }

    [Fact]
    public void ClaimIsReleasedOnlyOnceItsQuoteLineHasEnded()
    {
        var reader = new ClaimReader();

        var beforeNewline = reader.Append("CLAIM: Six months.\nPASSAGE: 1\nQUOTE: six mois pour les dessins");
        var afterNewline = reader.Append(" ou modèles\n");

        Assert.Empty(beforeNewline);
        Assert.Equal("six mois pour les dessins ou modèles", Assert.Single(afterNewline).Quote);
    }

    [Fact]
    public void BulletsBoldAndTypographicQuoteMarksAreTolerated()
    {
        var claims = ReadAll(new ClaimReader(), ["- **CLAIM:** 期限为十二个月。\n- **PASSAGE:** 3\n- **QUOTE:** 「自优先权日起十二个月」\n"]);

        Assert.Equal(new GeneratedClaim("期限为十二个月。", 3, "自优先权日起十二个月"), Assert.Single(claims));
    }

    [Fact]
    public void ClaimWithoutPassageOrQuoteIsCountedAsIncompleteAndNotReleased()
    {
        var reader = new ClaimReader();

        var claims = ReadAll(reader, ["CLAIM: Six months.\nQUOTE: six mois\n\nCLAIM: Twelve months.\nPASSAGE: 2\n"]);

        Assert.Empty(claims);
        Assert.Equal(2, reader.IncompleteClaims);
    }

    [Fact]
    public void NoAnswerLineIsRecognisedAndProseIsIgnored()
    {
        var reader = new ClaimReader();

        var claims = ReadAll(reader, ["I looked at the passages.\nNO ANSWER\n"]);

        Assert.Empty(claims);
        Assert.True(reader.SawNoAnswer);
        Assert.Equal(0, reader.IncompleteClaims);
    }

    private static List<GeneratedClaim> ReadAll(ClaimReader reader, IEnumerable<string> pieces)
    {
        var claims = new List<GeneratedClaim>();
        foreach (var piece in pieces)
        {
            claims.AddRange(reader.Append(piece));
        }

        claims.AddRange(reader.Complete());
        return claims;
    }
}
