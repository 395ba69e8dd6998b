using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Cooperation.Bot.Tests.Infrastructure;

/// <summary>
/// OpenID metadata and a JWKS with Bot Framework endorsements, served on loopback, and tokens signed with
/// the test keys: the Bot Connector's side of inbound authentication.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ConnectorIssuer = "https://api.botframework.com";
    public const string TeamsKeyId = "teams-key";
    public const string WebChatKeyId = "webchat-only-key";

    // Key generation is slow on a busy machine; the keys are test data, so one set serves every test.
    private static readonly RsaSecurityKey SharedTeamsKey = NewKey(TeamsKeyId);
    private static readonly RsaSecurityKey SharedWebChatKey = NewKey(WebChatKeyId);
    private static readonly RSA StrangerRsa = RSA.Create(2048);

    private readonly RsaSecurityKey _teamsKey = SharedTeamsKey;
    private readonly RsaSecurityKey _webChatKey = SharedWebChatKey;
    private LocalWebServer? _server;
    private int _jwksRequests;

    public Uri ConnectorMetadataUrl => new(_server!.Address, "v1/.well-known/openidconfiguration");

    public Uri EntraMetadataUrl => new(_server!.Address, "entra/v2.0/.well-known/openid-configuration");

    public int JwksRequests => Volatile.Read(ref _jwksRequests);

    public static async Task<TestIdentityProvider> StartAsync(CancellationToken cancellationToken)
    {
        var provider = new TestIdentityProvider();
        provider._server = await LocalWebServer.StartAsync(
            _ => { },
            app =>
            {
                app.MapGet("/v1/.well-known/openidconfiguration", () => Results.Json(provider.Metadata("v1/.well-known/keys", ConnectorIssuer)));
                app.MapGet("/v1/.well-known/keys", () => provider.Keys(withEndorsements: true));
                app.MapGet("/entra/v2.0/.well-known/openid-configuration", () => Results.Json(provider.Metadata("entra/discovery/v2.0/keys", "https://login.microsoftonline.com/{tenantid}/v2.0")));
                app.MapGet("/entra/discovery/v2.0/keys", () => provider.Keys(withEndorsements: false));
            },
            cancellationToken);
        return provider;
    }

    /// <summary>A token as the Bot Connector sends with a Teams activity; each part can be spoiled for the negative tests.</summary>
    public string ConnectorToken(
        string audience,
        string serviceUrl,
        string issuer = ConnectorIssuer,
        DateTime? expires = null,
        string keyId = TeamsKeyId,
        bool signWithStrangerKey = false)
    {
        var now = DateTime.UtcNow;
        var expiry = expires ?? now.AddMinutes(30);
        var key = signWithStrangerKey ? new RsaSecurityKey(StrangerRsa) { KeyId = keyId } : keyId == WebChatKeyId ? _webChatKey : _teamsKey;
        return Sign(key, new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddMinutes(-60),
            NotBefore = expiry.AddMinutes(-60),
            Expires = expiry,
            Claims = new Dictionary<string, object> { ["serviceurl"] = serviceUrl },
        });
    }

    /// <summary>A v2.0 Entra access token as the Agents Playground or Emulator presents with the bot's own credentials.</summary>
    public string EntraToken(string audience, string authorizedParty, string tenantId, string? version = "2.0")
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["azp"] = authorizedParty, ["tid"] = tenantId };
        if (version is not null)
        {
            claims["ver"] = version;
        }

        return Sign(_teamsKey, new SecurityTokenDescriptor
        {
            Issuer = $"https://login.microsoftonline.com/{tenantId}/v2.0",
            Audience = audience,
            IssuedAt = now.AddMinutes(-1),
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddMinutes(30),
            Claims = claims,
        });
    }

    private static string Sign(RsaSecurityKey key, SecurityTokenDescriptor descriptor)
    {
        descriptor.SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256);
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(descriptor);
    }

    private JsonObject Metadata(string jwksPath, string issuer) => new()
    {
        ["issuer"] = issuer,
        ["authorization_endpoint"] = new Uri(_server!.Address, "authorize").ToString(),
        ["jwks_uri"] = new Uri(_server.Address, jwksPath).ToString(),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("private_key_jwt"),
    };

    private IResult Keys(bool withEndorsements)
    {
        Interlocked.Increment(ref _jwksRequests);
        var keys = new JsonArray
        {
            Jwk(_teamsKey, withEndorsements ? ["msteams", "emulator", "webchat"] : null),
            Jwk(_webChatKey, withEndorsements ? ["webchat"] : null),
        };
        return Results.Json(new JsonObject { ["keys"] = keys });
    }

    private static JsonObject Jwk(RsaSecurityKey key, string[]? endorsements)
    {
        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(key.Rsa.ExportParameters(false)) { KeyId = key.KeyId });
        var json = new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = key.KeyId,
            ["n"] = jwk.N,
            ["e"] = jwk.E,
        };
        if (endorsements is not null)
        {
            json["endorsements"] = new JsonArray([.. endorsements.Select(value => (JsonNode)value)]);
        }

        return json;
    }

    private static RsaSecurityKey NewKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
