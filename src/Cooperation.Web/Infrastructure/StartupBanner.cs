using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Infrastructure;

/// <summary>Tells the person who started the site where to open it and which data folder it uses.</summary>
internal sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<CooperationOptions> options, IConfiguration configuration, ILogger<StartupBanner> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogReady(logger, address.TrimEnd('/') + "/account/sign-in", options.Value.FullDataPath);
            }

            // See HostFilteringSetup: reached under a name nobody configured, the site answers 400.
            if (options.Value.PublicBaseUrl is null && string.IsNullOrWhiteSpace(configuration["AllowedHosts"]) && SiteAddress.ListensOnAnyHost(server, configuration))
            {
                LogOnlyLocalNames(logger);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The site listens on every network interface but Cooperation:PublicBaseUrl is not set, so it answers only requests addressed to localhost (or to the names in AllowedHosts) and builds links with http://localhost. Set Cooperation:PublicBaseUrl to the address people open.")]
    private static partial void LogOnlyLocalNames(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Cooperation Hub is running. Sign in at {SignInUrl} (data folder: {DataPath})")]
    private static partial void LogReady(ILogger logger, string signInUrl, string dataPath);
}
