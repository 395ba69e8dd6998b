using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Cooperation.Bot;

/// <summary>
/// The <c>Bot</c> configuration section. Without <see cref="AppId"/> the endpoint refuses every activity,
/// unless <see cref="AllowUnsignedLocal"/> switches on local test mode.
/// </summary>
public sealed class BotOptions
{
    public const string SectionName = "Bot";

    /// <summary>The Microsoft Entra application (client) id of the bot registration.</summary>
    public string? AppId { get; set; }

    /// <summary>Client secret of the app registration. Set it from an environment variable or a secret store, never in a checked-in file.</summary>
    public string? AppPassword { get; set; }

    /// <summary>The Entra tenant of the single-tenant registration.</summary>
    public string? TenantId { get; set; }

    /// <summary>Client id of a user-assigned managed identity, used instead of <see cref="AppPassword"/>.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>OpenID metadata of the Bot Connector service, whose keys sign the activities Teams sends.</summary>
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OpenID metadata of Microsoft Entra, whose keys sign tokens from the Emulator and the Agents Playground.</summary>
    public string EntraOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration";

    /// <summary>Entra authority host for outbound tokens (another value for national clouds).</summary>
    public string AuthorityHost { get; set; } = "https://login.microsoftonline.com";

    /// <summary>How often signing keys are fetched again even when every key is known.</summary>
    public TimeSpan SigningKeyRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Attempts for one outbound send when the connector answers 429, 412, 502 or 504.</summary>
    public int MaxSendAttempts { get; set; } = 5;

    /// <summary>The first back-off delay; each later one doubles, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between attempts, also the cap on a connector's Retry-After.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a message turn may hold the channel's request. Teams gives a bot about 15 seconds to answer the
    /// POST; a turn still running then (a slow language model) is left to finish on its own and sends its reply
    /// through the connector, while the channel gets its 200 in time.
    /// </summary>
    public TimeSpan TurnResponseBudget { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Local test mode, used only when <see cref="AppId"/> is not set: unsigned activities from this machine are
    /// accepted and replies go without a token. Off by default and refused in Production, because a local process,
    /// a same-host proxy or a DNS-rebinding page could otherwise post as anyone; even when on, the sender's
    /// <c>aadObjectId</c> is dropped, so an unsigned activity is never answered as a linked hub account.
    /// </summary>
    public bool AllowUnsignedLocal { get; set; }

    internal bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(AppId);
}

internal sealed class BotOptionsValidator(IHostEnvironment? environment = null) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        var failures = new List<string>();
        if (options.AllowUnsignedLocal && environment?.IsProduction() == true)
        {
            failures.Add("Bot:AllowUnsignedLocal is for local testing and is refused in Production; set Bot:AppId instead.");
        }

        if (options.AuthenticationEnabled)
        {
            var hasSecret = !string.IsNullOrWhiteSpace(options.AppPassword);
            var hasIdentity = !string.IsNullOrWhiteSpace(options.ManagedIdentityClientId);
            if (hasSecret == hasIdentity)
            {
                failures.Add("Bot: set exactly one of AppPassword (client secret) or ManagedIdentityClientId when AppId is set.");
            }

            if (hasSecret && string.IsNullOrWhiteSpace(options.TenantId))
            {
                failures.Add("Bot:TenantId is required for a single-tenant app registration with a client secret.");
            }
        }
        else if (!string.IsNullOrWhiteSpace(options.AppPassword) || !string.IsNullOrWhiteSpace(options.ManagedIdentityClientId))
        {
            failures.Add("Bot:AppId is required when AppPassword or ManagedIdentityClientId is set.");
        }

        if (!string.IsNullOrWhiteSpace(options.TenantId) && !Guid.TryParse(options.TenantId, out _))
        {
            failures.Add("Bot:TenantId must be the tenant's GUID.");
        }

        CheckUrl(options.OpenIdMetadataUrl, nameof(options.OpenIdMetadataUrl), failures);
        CheckUrl(options.EntraOpenIdMetadataUrl, nameof(options.EntraOpenIdMetadataUrl), failures);
        CheckUrl(options.AuthorityHost, nameof(options.AuthorityHost), failures);

        if (options.MaxSendAttempts is < 1 or > 10)
        {
            failures.Add("Bot:MaxSendAttempts must be between 1 and 10.");
        }

        if (options.RetryBaseDelay <= TimeSpan.Zero || options.MaxRetryDelay < options.RetryBaseDelay)
        {
            failures.Add("Bot:RetryBaseDelay must be positive and not above Bot:MaxRetryDelay.");
        }

        if (options.TurnResponseBudget <= TimeSpan.Zero || options.TurnResponseBudget > TimeSpan.FromSeconds(14))
        {
            failures.Add("Bot:TurnResponseBudget must be positive and under Teams' 15-second limit.");
        }

        if (options.SigningKeyRefreshInterval < TimeSpan.FromMinutes(5) || options.SigningKeyRefreshInterval > TimeSpan.FromHours(24))
        {
            failures.Add("Bot:SigningKeyRefreshInterval must be between 5 minutes and 24 hours.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Keys fetched over plain HTTP could be swapped in transit; plain HTTP is only for local test servers.
    private static void CheckUrl(string value, string key, List<string> failures)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri)
            || !(uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)))
        {
            failures.Add($"Bot:{key} must be an absolute https URL (plain http only for localhost).");
        }
    }

    internal static bool RequiresHttps(string url) => !new Uri(url).IsLoopback;
}
