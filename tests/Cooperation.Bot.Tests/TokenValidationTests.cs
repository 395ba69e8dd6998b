using System.Net;
using System.Text.Json.Nodes;
using Cooperation.Bot.Tests.Infrastructure;

namespace Cooperation.Bot.Tests;

/// <summary>Inbound authentication with a configured app id, against a local OpenID metadata document and JWKS.</summary>
public sealed class TokenValidationTests : IAsyncLifetime
{
    private const string AppId = "5b1e7c1d-1111-4222-8333-944455556666";
    private const string TenantId = "0c7e1f2a-3b4c-4d5e-8f60-718293a4b5c6";

    private TestIdentityProvider _identity = null!;
    private LocalConnector _connector = null!;
    private BotHost _bot = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _identity = await TestIdentityProvider.StartAsync(Token);
        _connector = await LocalConnector.StartAsync(Token);
        _bot = await BotHost.StartAsync(Token, new Dictionary<string, string?>
        {
            ["Bot:AppId"] = AppId,
            ["Bot:AppPassword"] = "not-a-real-secret",
            ["Bot:TenantId"] = TenantId,
            ["Bot:OpenIdMetadataUrl"] = _identity.ConnectorMetadataUrl.ToString(),
            ["Bot:EntraOpenIdMetadataUrl"] = _identity.EntraMetadataUrl.ToString(),
            // Outbound tokens would come from here; no test below may need one.
            ["Bot:AuthorityHost"] = _identity.ConnectorMetadataUrl.GetLeftPart(UriPartial.Authority),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task AValidConnectorTokenIsAccepted()
    {
        var activity = Activities.Feedback(_connector.ServiceUrlText, "like", "Clear answer.");
        var token = _identity.ConnectorToken(AppId, _connector.ServiceUrlText);

        using var response = await _bot.PostAsync(activity, Token, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feedback = Assert.Single(_bot.Backend.Feedback);
        Assert.Equal("Clear answer.", feedback.Text);
    }

    // Signed, because only a signed activity's aadObjectId is trusted to stand for a linked hub account.
    [Fact]
    public async Task AnUnlinkedUserIsDeclinedOnPrivateDocumentsAndAnsweredAfterLinking()
    {
        const string question = "What monthly stipend do visiting examiners receive during the examiner exchange?";

        var declined = await AskSignedAsync(question);
        Assert.DoesNotContain("2400", declined.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("stipend of", declined.ToJsonString(), StringComparison.Ordinal);

        var code = (await AskSignedAsync("link"))["text"]!.GetValue<string>().Split("**")[1];
        Assert.True(_bot.Backend.RedeemLinkCode(code, new HashSet<Guid> { TestBackend.PrivateWorkspace }));

        var answered = await AskSignedAsync(question);
        Assert.Contains("2400 euros", answered["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("Examiner exchange memorandum, Clause 7 (p. 1)", answered["entities"]![0]!["citation"]![0]!["appearance"]!["name"]!.GetValue<string>());
    }

    private async Task<JsonObject> AskSignedAsync(string text)
    {
        var activity = Activities.Message(_connector.ServiceUrlText, text);
        activity["deliveryMode"] = "expectReplies";
        using var response = await _bot.PostAsync(activity, Token, _identity.ConnectorToken(AppId, _connector.ServiceUrlText));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BotHost.ReadJsonAsync(response, Token);
        return body!["activities"]!.AsArray().Last(a => a!["type"]!.GetValue<string>() == "message")!.AsObject();
    }

    [Fact]
    public async Task ServiceUrlIsComparedWithoutRegardToCase()
    {
        var activity = Activities.Feedback(_connector.ServiceUrlText, "like", null);
        var token = _identity.ConnectorToken(AppId, _connector.ServiceUrlText.ToUpperInvariant());

        using var response = await _bot.PostAsync(activity, Token, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task AValidConnectorTokenGetsAnAnswerWhenRepliesAreExpectedInTheResponse()
    {
        var activity = Activities.Message(_connector.ServiceUrlText, "What is the priority period for industrial designs?");
        activity["deliveryMode"] = "expectReplies";
        var token = _identity.ConnectorToken(AppId, _connector.ServiceUrlText);

        using var response = await _bot.PostAsync(activity, Token, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await BotHost.ReadJsonAsync(response, Token);
        var reply = Assert.Single(body!["activities"]!.AsArray());
        Assert.Contains("six months for industrial designs", reply!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Empty(_connector.Calls);
    }

    [Fact]
    public async Task AMissingAuthorizationHeaderIsRejected() =>
        await AssertRejectedAsync(bearer: null);

    [Fact]
    public async Task AnExpiredTokenIsRejected() =>
        await AssertRejectedAsync(_identity.ConnectorToken(AppId, _connector.ServiceUrlText, expires: DateTime.UtcNow.AddMinutes(-10)));

    [Fact]
    public async Task ATokenExpiredWithinTheClockSkewIsAccepted()
    {
        var activity = Activities.Feedback(_connector.ServiceUrlText, "dislike", null);
        var token = _identity.ConnectorToken(AppId, _connector.ServiceUrlText, expires: DateTime.UtcNow.AddMinutes(-2));

        using var response = await _bot.PostAsync(activity, Token, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task ATokenForAnotherAudienceIsRejected() =>
        await AssertRejectedAsync(_identity.ConnectorToken("another-bot-app-id", _connector.ServiceUrlText));

    [Fact]
    public async Task ATokenFromAnotherIssuerIsRejected() =>
        await AssertRejectedAsync(_identity.ConnectorToken(AppId, _connector.ServiceUrlText, issuer: "https://login.example.net"));

    [Fact]
    public async Task ATokenWithABadSignatureIsRejected() =>
        await AssertRejectedAsync(_identity.ConnectorToken(AppId, _connector.ServiceUrlText, signWithStrangerKey: true));

    [Fact]
    public async Task ATokenSignedByAKeyNotEndorsedForTheChannelIsRejected() =>
        await AssertRejectedAsync(_identity.ConnectorToken(AppId, _connector.ServiceUrlText, keyId: TestIdentityProvider.WebChatKeyId));

    [Fact]
    public async Task ATokenWhoseServiceUrlClaimDiffersFromTheActivityIsRejected() =>
        await AssertRejectedAsync(_identity.ConnectorToken(AppId, "https://smba.trafficmanager.net/emea/"));

    [Fact]
    public async Task AnUnknownSigningKeyMakesTheBotFetchTheKeysAgainBeforeRejecting()
    {
        var before = _identity.JwksRequests;

        await AssertRejectedAsync(_identity.ConnectorToken(AppId, _connector.ServiceUrlText, keyId: "rolled-key", signWithStrangerKey: true));

        Assert.True(_identity.JwksRequests >= before + 1, "the JWKS should have been fetched again for an unknown key id");
    }

    [Fact]
    public async Task ATextThatIsNotAJwtIsRejected() =>
        await AssertRejectedAsync("not-a-token");

    [Fact]
    public async Task AnEntraTokenIssuedToTheBotIsAccepted()
    {
        var activity = Activities.Feedback(_connector.ServiceUrlText, "like", null);
        var token = _identity.EntraToken(AppId, AppId, TenantId);

        using var response = await _bot.PostAsync(activity, Token, token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(_bot.Backend.Feedback);
    }

    [Fact]
    public async Task AnEntraTokenIssuedToAnotherAppIsRejected() =>
        await AssertRejectedAsync(_identity.EntraToken(AppId, "some-other-client", TenantId));

    [Fact]
    public async Task AnEntraTokenWithoutAVersionClaimIsRejected() =>
        await AssertRejectedAsync(_identity.EntraToken(AppId, AppId, TenantId, version: null));

    [Fact]
    public async Task AnEntraTokenFromAnotherTenantIsRejected() =>
        await AssertRejectedAsync(_identity.EntraToken(AppId, AppId, "7f000000-0000-4000-8000-000000000001"));

    private async Task AssertRejectedAsync(string? bearer)
    {
        var activity = Activities.Message(_connector.ServiceUrlText, "What is the priority period for industrial designs?");

        using var response = await _bot.PostAsync(activity, Token, bearer);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var problem = await BotHost.ReadJsonAsync(response, Token);
        Assert.Equal(401, problem!["status"]!.GetValue<int>());
        Assert.Empty(_bot.Backend.Questions);
        Assert.Empty(_bot.Backend.References);
        Assert.Empty(_connector.Calls);
        Assert.Contains(_bot.Logs.Entries, entry => entry.Message.StartsWith("Activity refused, not authenticated", StringComparison.Ordinal));
    }
}
