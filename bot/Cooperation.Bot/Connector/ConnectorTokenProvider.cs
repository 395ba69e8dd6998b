using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;
using Microsoft.Identity.Client.AppConfig;

namespace Cooperation.Bot.Connector;

/// <summary>
/// Gets the token the Bot Connector expects on outbound calls. MSAL keeps tokens in its in-memory cache
/// and renews them before they expire, so one application instance lives as long as the process.
/// </summary>
internal sealed class ConnectorTokenProvider
{
    private const string BotFrameworkResource = "https://api.botframework.com";
    private static readonly string[] BotFrameworkScopes = [BotFrameworkResource + "/.default"];

    private readonly Lazy<IConfidentialClientApplication>? _confidentialClient;
    private readonly Lazy<IManagedIdentityApplication>? _managedIdentity;

    public ConnectorTokenProvider(IOptions<BotOptions> options, IHttpClientFactory httpClientFactory)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled)
        {
            return;
        }

        var msalHttp = new MsalHttpClients(httpClientFactory);
        if (!string.IsNullOrWhiteSpace(settings.ManagedIdentityClientId))
        {
            _managedIdentity = new(() => ManagedIdentityApplicationBuilder
                .Create(ManagedIdentityId.WithUserAssignedClientId(settings.ManagedIdentityClientId))
                .WithHttpClientFactory(msalHttp)
                .Build());
        }
        else
        {
            var authorityHost = settings.AuthorityHost.TrimEnd('/');
            _confidentialClient = new(() => ConfidentialClientApplicationBuilder
                .Create(settings.AppId)
                .WithClientSecret(settings.AppPassword)
                .WithAuthority($"{authorityHost}/{settings.TenantId}")
                // Instance discovery only knows Microsoft's public clouds; a private authority host has nothing to discover.
                .WithInstanceDiscovery(string.Equals(authorityHost, PublicCloudAuthorityHost, StringComparison.OrdinalIgnoreCase))
                .WithHttpClientFactory(msalHttp)
                .Build());
        }
    }

    internal const string PublicCloudAuthorityHost = "https://login.microsoftonline.com";

    /// <summary>Lets MSAL use a client from IHttpClientFactory (proxy and handler settings in one place).</summary>
    private sealed class MsalHttpClients(IHttpClientFactory factory) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => factory.CreateClient(BotExtensions.IdentityClientName);
    }

    /// <summary>The bearer token, or null in local test mode (no app id), where calls go out unsigned.</summary>
    /// <exception cref="BotConnectorException">No token could be had (wrong secret, identity endpoint unreachable).</exception>
    public async Task<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await AcquireAsync(cancellationToken);
        }
        catch (MsalException exception)
        {
            throw new BotConnectorException(401, exception.ErrorCode, $"No Bot Framework token could be obtained: {exception.ErrorCode}.", exception);
        }
    }

    private async Task<string?> AcquireAsync(CancellationToken cancellationToken)
    {
        if (_managedIdentity is not null)
        {
            var result = await _managedIdentity.Value.AcquireTokenForManagedIdentity(BotFrameworkResource).ExecuteAsync(cancellationToken);
            return result.AccessToken;
        }

        if (_confidentialClient is not null)
        {
            var result = await _confidentialClient.Value.AcquireTokenForClient(BotFrameworkScopes).ExecuteAsync(cancellationToken);
            return result.AccessToken;
        }

        return null;
    }
}
