using System.Net;
using Cooperation.Bot.Protocol;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace Cooperation.Bot.Authentication;

/// <summary>The outcome of checking who sent an activity. The reason is for the log, never for the caller.</summary>
/// <param name="Unsigned">Accepted in local test mode without a token: nothing vouches for the sender's identity.</param>
internal readonly record struct AuthenticationResult(bool Succeeded, string? FailureReason, bool Unsigned = false)
{
    public static AuthenticationResult Success { get; } = new(true, null);

    public static AuthenticationResult UnsignedLocal { get; } = new(true, null, Unsigned: true);

    public static AuthenticationResult Fail(string reason) => new(false, reason);
}

/// <summary>
/// Checks the bearer token of an inbound activity: Bot Connector tokens (Teams, Azure Bot Service) and
/// Entra tokens (Emulator, Agents Playground with credentials). Without an app id nobody passes, unless
/// local test mode is switched on; then only loopback callers do.
/// </summary>
internal sealed class BotRequestAuthenticator
{
    internal const string BotConnectorIssuer = "https://api.botframework.com";

    // The tenants whose tokens the Bot Framework Emulator and the Agents Playground present.
    private static readonly string[] ToolTenants = ["d6d49420-f39b-4df7-a1dc-d59a935871db", "f8cdef31-a31e-4b4a-93e4-5f571e91255a"];

    private static readonly string[] AllowedAlgorithms =
        [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotOptions _options;
    private readonly ConfigurationManager<SigningKeySet>? _connectorKeys;
    private readonly ConfigurationManager<SigningKeySet>? _entraKeys;
    private readonly HashSet<string> _entraIssuers;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ILogger<BotRequestAuthenticator> _logger;

    public BotRequestAuthenticator(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory, ILogger<BotRequestAuthenticator> logger)
    {
        _options = options.Value;
        _logger = logger;
        _entraIssuers = EntraIssuers(_options.TenantId);
        if (_options.AuthenticationEnabled)
        {
            _connectorKeys = CreateKeyManager(_options.OpenIdMetadataUrl, httpClientFactory);
            _entraKeys = CreateKeyManager(_options.EntraOpenIdMetadataUrl, httpClientFactory);
        }
    }

    /// <param name="forwarded">The request came through a proxy (Forwarded / X-Forwarded-For headers), so its loopback address says nothing about the sender.</param>
    public async Task<AuthenticationResult> AuthenticateAsync(
        string? authorizationHeader, IPAddress? remoteAddress, bool forwarded, Activity activity, CancellationToken cancellationToken)
    {
        if (!_options.AuthenticationEnabled)
        {
            return _options.AllowUnsignedLocal
                ? CheckLocalTestCaller(remoteAddress, forwarded, activity)
                : AuthenticationResult.Fail("Bot:AppId is not set and Bot:AllowUnsignedLocal is off");
        }

        if (!TryReadBearer(authorizationHeader, out var token))
        {
            return AuthenticationResult.Fail("no bearer token");
        }

        JsonWebToken jwt;
        try
        {
            jwt = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return AuthenticationResult.Fail("the bearer token is not a JWT");
        }

        if (string.Equals(jwt.Issuer, BotConnectorIssuer, StringComparison.Ordinal))
        {
            return await ValidateConnectorTokenAsync(token, activity, cancellationToken);
        }

        if (_entraIssuers.Contains(jwt.Issuer))
        {
            return await ValidateEntraTokenAsync(token, activity, cancellationToken);
        }

        return AuthenticationResult.Fail($"untrusted issuer '{jwt.Issuer}'");
    }

    // Unsigned activities are only trusted when sender and connector are both on this machine; otherwise
    // anyone could make the bot post to an address of their choosing.
    private static AuthenticationResult CheckLocalTestCaller(IPAddress? remoteAddress, bool forwarded, Activity activity)
    {
        if (remoteAddress is null || !IPAddress.IsLoopback(remoteAddress) || forwarded)
        {
            return AuthenticationResult.Fail("unsigned activity from another machine while Bot:AppId is not set");
        }

        return Uri.TryCreate(activity.ServiceUrl, UriKind.Absolute, out var serviceUrl) && serviceUrl.IsLoopback
            ? AuthenticationResult.UnsignedLocal
            : AuthenticationResult.Fail("unsigned activity names a serviceUrl on another machine while Bot:AppId is not set");
    }

    public static bool TryReadBearer(string? header, out string token)
    {
        token = string.Empty;
        if (string.IsNullOrWhiteSpace(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = header["Bearer ".Length..].Trim();
        return token.Length > 0;
    }

    private async Task<AuthenticationResult> ValidateConnectorTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var parameters = BaseParameters();
        parameters.ValidIssuer = BotConnectorIssuer;
        var (result, keys) = await ValidateSignedAsync(token, parameters, _connectorKeys!, cancellationToken);
        if (!result.IsValid)
        {
            return AuthenticationResult.Fail($"connector token rejected: {result.Exception?.GetType().Name}");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (!keys.IsEndorsed(jwt.Kid, activity.ChannelId!))
        {
            return AuthenticationResult.Fail($"signing key is not endorsed for channel '{activity.ChannelId}'");
        }

        if (!jwt.TryGetPayloadValue<string>("serviceurl", out var serviceUrl)
            || !string.Equals(serviceUrl, activity.ServiceUrl, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Fail("the serviceurl claim does not match the activity's serviceUrl");
        }

        return AuthenticationResult.Success;
    }

    private async Task<AuthenticationResult> ValidateEntraTokenAsync(string token, Activity activity, CancellationToken cancellationToken)
    {
        var parameters = BaseParameters();
        parameters.ValidIssuers = _entraIssuers;
        var (result, keys) = await ValidateSignedAsync(token, parameters, _entraKeys!, cancellationToken);
        if (!result.IsValid)
        {
            return AuthenticationResult.Fail($"Entra token rejected: {result.Exception?.GetType().Name}");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        if (keys.HasEndorsements(jwt.Kid) && !keys.IsEndorsed(jwt.Kid, activity.ChannelId!))
        {
            return AuthenticationResult.Fail($"signing key is not endorsed for channel '{activity.ChannelId}'");
        }

        if (!jwt.TryGetPayloadValue<string>("ver", out var version))
        {
            return AuthenticationResult.Fail("the Entra token has no ver claim");
        }

        var appIdClaim = version switch
        {
            "1.0" => "appid",
            "2.0" => "azp",
            _ => null,
        };
        if (appIdClaim is null
            || !jwt.TryGetPayloadValue<string>(appIdClaim, out var appId)
            || !string.Equals(appId, _options.AppId, StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticationResult.Fail("the Entra token was not issued to this bot's app id");
        }

        return AuthenticationResult.Success;
    }

    private TokenValidationParameters BaseParameters() => new()
    {
        ValidateIssuer = true,
        ValidateAudience = true,
        ValidAudiences = [_options.AppId!, $"api://{_options.AppId}"],
        ValidateLifetime = true,
        RequireExpirationTime = true,
        ClockSkew = ClockSkew,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        ValidAlgorithms = AllowedAlgorithms,
    };

    private async Task<(TokenValidationResult Result, SigningKeySet Keys)> ValidateSignedAsync(
        string token, TokenValidationParameters parameters, ConfigurationManager<SigningKeySet> manager, CancellationToken cancellationToken)
    {
        var keys = await manager.GetConfigurationAsync(cancellationToken);
        parameters.IssuerSigningKeys = keys.Keys;
        var result = await _handler.ValidateTokenAsync(token, parameters);
        if (result.IsValid || result.Exception is not SecurityTokenSignatureKeyNotFoundException)
        {
            return (result, keys);
        }

        // The issuer may have rolled its keys since they were fetched: fetch once more (rate-limited by the manager).
        BotLog.SigningKeysRefreshRequested(_logger);
        manager.RequestRefresh();
        keys = await manager.GetConfigurationAsync(cancellationToken);
        parameters.IssuerSigningKeys = keys.Keys;
        return (await _handler.ValidateTokenAsync(token, parameters), keys);
    }

    private ConfigurationManager<SigningKeySet> CreateKeyManager(string metadataUrl, IHttpClientFactory httpClientFactory)
    {
        var retriever = new HttpDocumentRetriever(httpClientFactory.CreateClient(BotExtensions.MetadataClientName))
        {
            RequireHttps = BotOptionsValidator.RequiresHttps(metadataUrl),
        };
        return new ConfigurationManager<SigningKeySet>(metadataUrl, new SigningKeySetRetriever(), retriever)
        {
            AutomaticRefreshInterval = _options.SigningKeyRefreshInterval,
        };
    }

    private static HashSet<string> EntraIssuers(string? tenantId)
    {
        var tenants = ToolTenants.ToList();
        if (!string.IsNullOrWhiteSpace(tenantId))
        {
            tenants.Add(tenantId);
        }

        return tenants
            .SelectMany(tenant => new[] { $"https://sts.windows.net/{tenant}/", $"https://login.microsoftonline.com/{tenant}/v2.0" })
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
    }
}
