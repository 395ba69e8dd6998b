using System.Text.Json;
using System.Text.Json.Serialization;
using Cooperation.Web.Collaboration.Chat;
using Cooperation.Web.Collaboration.Comments;
using Cooperation.Web.Collaboration.LiveAccess;
using Cooperation.Web.Collaboration.Presence;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.SignalR;
using StackExchange.Redis;

namespace Cooperation.Web.Collaboration;

public static class CollaborationExtensions
{
    public const string HubPath = "/hubs/workspace";

    /// <summary>
    /// Workspace events, chat, presence and the SignalR services (without the endpoint), so that the CLI and
    /// background work can publish events too. With SignalR:Redis set, messages go through the Redis backplane.
    /// </summary>
    public static IHostApplicationBuilder AddCollaboration(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CollaborationOptions>().BindConfiguration(CollaborationOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignalROptions>().BindConfiguration(SignalROptions.Section).ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.Redis) || string.IsNullOrWhiteSpace(o.Azure),
                "Set SignalR:Redis or SignalR:Azure, not both: each one carries messages between instances on its own.")
            .ValidateOnStart();

        var signalR = services.AddSignalR(options =>
            {
                // Above the 8 KB text cap with room for JSON escaping, so an oversize message gets a clear
                // answer instead of the connection being closed by the protocol limit.
                options.MaximumReceiveMessageSize = 64 * 1024;
                // Details of binding errors ("Error binding arguments...") name server types and exceptions: a help
                // while developing a client, nothing to show the world. Refusals from the methods do not depend on
                // it (HubErrorFilter turns them into HubException messages, and replaces unexpected exceptions).
                options.EnableDetailedErrors = builder.Environment.IsDevelopment();
                options.AddFilter<HubErrorFilter>();
                options.AddFilter<LiveAccessFilter>();
            })
            .AddJsonProtocol(options =>
                options.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));

        var signalROptions = builder.Configuration.GetSection(SignalROptions.Section).Get<SignalROptions>() ?? new();
        if (!string.IsNullOrWhiteSpace(signalROptions.Azure))
        {
            signalR.AddAzureSignalR(signalROptions.Azure);
        }
        else if (!string.IsNullOrWhiteSpace(signalROptions.Redis))
        {
            signalR.AddStackExchangeRedis(signalROptions.Redis, options =>
                options.Configuration.ChannelPrefix = RedisChannel.Literal(signalROptions.RedisChannelPrefix));
        }

        services.AddSingleton<WorkspaceEventWriter>();
        services.AddSingleton<WorkspaceEvents>();
        services.AddSingleton<IWorkspaceEvents>(sp => sp.GetRequiredService<WorkspaceEvents>());
        services.AddSingleton<TypingThrottle>();
        services.AddScoped<PresenceService>();
        services.AddSingleton<PresenceGate>();
        services.AddScoped<ChatService>();
        services.AddScoped<CommentService>();
        services.AddSingleton<CommentMarkdown>();
        services.AddScoped<IMembershipObserver, MembershipObserver>();
        services.AddSingleton<LiveConnections>();
        services.AddScoped<AccessReview>();
        services.AddSingleton<AccessChanges>();
        services.AddSingleton<IAccessObserver>(sp => sp.GetRequiredService<AccessChanges>());
        return builder;
    }

    /// <summary>The parts that only a web instance runs: the presence heartbeat of its connections.</summary>
    public static IHostApplicationBuilder AddCollaborationHub(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService<PresenceHeartbeat>();
        builder.Services.AddHostedService<LiveAccessService>();
        // SignalR logs every refused call as an error with a stack trace; refusals are normal here (a wrong id,
        // a message too long), and HubErrorFilter logs the failures that are not.
        builder.Logging.AddFilter("Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher", LogLevel.Critical);
        return builder;
    }

    public static IEndpointRouteBuilder MapCollaboration(this IEndpointRouteBuilder endpoints)
    {
        // A connection ends when its sign-in does: an access token's expiry (set by its handler), or the cookie's.
        endpoints.MapHub<WorkspaceHub>(HubPath, options => options.CloseOnAuthenticationExpiration = true);
        endpoints.MapCollaborationApi();
        return endpoints;
    }
}
