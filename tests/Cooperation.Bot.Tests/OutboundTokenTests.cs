using System.Net;
using Cooperation.Bot.Tests.Infrastructure;

namespace Cooperation.Bot.Tests;

/// <summary>With an app id, replies carry a Bot Framework token from MSAL's client-credentials flow, fetched once and reused.</summary>
public sealed class OutboundTokenTests : IAsyncLifetime
{
    private const string AppId = "5b1e7c1d-1111-4222-8333-944455556666";
    private const string TenantId = "0c7e1f2a-3b4c-4d5e-8f60-718293a4b5c6";

    private TestIdentityProvider _identity = null!;
    private TestTokenService _tokens = null!;
    private LocalConnector _connector = null!;
    private BotHost _bot = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _identity = await TestIdentityProvider.StartAsync(Token);
        _tokens = await TestTokenService.StartAsync(Token);
        _connector = await LocalConnector.StartAsync(Token);
        _bot = await BotHost.StartAsync(
            Token,
            new Dictionary<string, string?>
            {
                ["Bot:AppId"] = AppId,
                ["Bot:AppPassword"] = "client-secret-for-tests",
                ["Bot:TenantId"] = TenantId,
                ["Bot:OpenIdMetadataUrl"] = _identity.ConnectorMetadataUrl.ToString(),
                ["Bot:EntraOpenIdMetadataUrl"] = _identity.EntraMetadataUrl.ToString(),
                ["Bot:AuthorityHost"] = _tokens.AuthorityHost.ToString(),
            },
            configureServices: _tokens.TrustFrom);
    }

    public async ValueTask DisposeAsync()
    {
        await _bot.DisposeAsync();
        await _connector.DisposeAsync();
        await _tokens.DisposeAsync();
        await _identity.DisposeAsync();
    }

    [Fact]
    public async Task RepliesCarryAClientCredentialsTokenThatIsFetchedOnceAndReused()
    {
        var inbound = _identity.ConnectorToken(AppId, _connector.ServiceUrlText);

        using (var first = await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, "help"), Token, inbound))
        using (var second = await _bot.PostAsync(Activities.Message(_connector.ServiceUrlText, "programmes"), Token, inbound))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var replies = _connector.Messages;
        Assert.Equal(2, replies.Count);
        Assert.All(replies, reply => Assert.Equal("Bearer connector-token-1", reply.Authorization));

        var (path, form) = Assert.Single(_tokens.TokenRequests);
        Assert.Equal($"/{TenantId}/oauth2/v2.0/token", path);
        Assert.Equal("client_credentials", form["grant_type"]);
        Assert.Equal(AppId, form["client_id"]);
        Assert.Equal("client-secret-for-tests", form["client_secret"]);
        Assert.Equal("https://api.botframework.com/.default", form["scope"]);
        Assert.Empty(_tokens.OtherRequests);
    }
}
