using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Infrastructure;

/// <summary>Tells the person who started the site where to open it and which data folder it uses.</summary>
internal sealed partial class StartupBanner(IServer server, IHostApplicationLifetime lifetime, IOptions<CooperationOptions> options, ILogger<StartupBanner> logger)
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
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Cooperation Hub is running. Sign in at {SignInUrl} (data folder: {DataPath})")]
    private static partial void LogReady(ILogger logger, string signInUrl, string dataPath);
}
