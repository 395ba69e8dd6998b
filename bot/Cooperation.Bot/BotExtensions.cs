using Cooperation.Bot.Authentication;
using Cooperation.Bot.Connector;
using Cooperation.Bot.Conversations;
using Cooperation.Bot.Notifications;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Cooperation.Bot;

public static class BotExtensions
{
    internal const string ConnectorClientName = "Cooperation.Bot.Connector";
    internal const string MetadataClientName = "Cooperation.Bot.Metadata";
    internal const string IdentityClientName = "Cooperation.Bot.Identity";

    /// <summary>
    /// Registers the Teams bot: options from the <c>Bot</c> section (validated on start), inbound token
    /// validation, the connector client and <see cref="ITeamsNotifier"/>. The host must register an
    /// <see cref="ITeamsBotBackend"/>.
    /// </summary>
    public static IServiceCollection AddTeamsBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BotOptions>()
            .Bind(configuration.GetSection(BotOptions.SectionName))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BotOptions>, BotOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);

        services.AddHttpClient(ConnectorClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(MetadataClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddHttpClient(IdentityClientName, client => client.Timeout = TimeSpan.FromSeconds(30));

        services.TryAddSingleton<BotRequestAuthenticator>();
        services.TryAddSingleton<ConnectorTokenProvider>();
        services.TryAddSingleton<ConversationPacer>();
        services.TryAddSingleton<ConversationBlockList>();
        services.TryAddSingleton<BotConnectorClient>();
        services.TryAddSingleton<ITeamsNotifier, TeamsNotifier>();
        services.TryAddScoped<BotTurnHandler>();
        services.AddHostedService<BotStartupNotice>();
        return services;
    }

    /// <summary>Maps <c>POST /api/messages</c>, the endpoint Teams and the Bot Connector call.</summary>
    public static IEndpointConventionBuilder MapTeamsBot(this IEndpointRouteBuilder endpoints, string pattern = "/api/messages") =>
        endpoints.MapPost(pattern, MessagesEndpoint.HandleAsync)
            .WithName("TeamsBotMessages")
            .ExcludeFromDescription();

    private sealed class BotStartupNotice(IOptions<BotOptions> options, ILogger<BotStartupNotice> logger) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (!options.Value.AuthenticationEnabled)
            {
                if (options.Value.AllowUnsignedLocal)
                {
                    BotLog.LocalTestMode(logger);
                }
                else
                {
                    BotLog.NoAppId(logger);
                }
            }

            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
