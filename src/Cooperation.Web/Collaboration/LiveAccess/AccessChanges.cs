using System.Text.Json;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Cooperation.Web.Collaboration.LiveAccess;

/// <summary>
/// Carries access changes to every instance. The instance where the change happened reviews its own connections at
/// once; the others hear of it on a Redis channel beside the SignalR backplane (SignalR:Redis) and review theirs.
/// Without Redis there is no other instance to tell, or (Azure SignalR Service, the CLI beside a site) the periodic
/// recheck of <see cref="LiveAccessService"/> catches up.
/// </summary>
internal sealed class AccessChanges : IAccessObserver, IAsyncDisposable
{
    private readonly IServiceScopeFactory _scopes;
    private readonly InstanceIdentity _instance;
    private readonly ILogger<AccessChanges> _logger;
    private readonly Lazy<Task<ConnectionMultiplexer>>? _redis;
    private readonly RedisChannel _channel;

    public AccessChanges(IServiceScopeFactory scopes, InstanceIdentity instance, IOptions<SignalROptions> signalR, ILogger<AccessChanges> logger)
    {
        _scopes = scopes;
        _instance = instance;
        _logger = logger;
        _channel = RedisChannel.Literal($"{signalR.Value.RedisChannelPrefix}:access-changed");
        if (!string.IsNullOrWhiteSpace(signalR.Value.Redis))
        {
            var configuration = ConfigurationOptions.Parse(signalR.Value.Redis);
            // Like the backplane: keep trying in the background rather than fail the first request while Redis is away.
            configuration.AbortOnConnectFail = false;
            _redis = new Lazy<Task<ConnectionMultiplexer>>(() => ConnectionMultiplexer.ConnectAsync(configuration));
        }
    }

    public async Task AccessChangedAsync(AccessChange change, CancellationToken cancellationToken)
    {
        // The change itself is saved: a failure to carry it now must not fail the request that made it. The
        // per-call checks refuse at once anyway, and the periodic recheck catches up on the rest.
        try
        {
            await ReviewHereAsync(change, cancellationToken);
            if (_redis is not null)
            {
                var message = JsonSerializer.Serialize(new AccessChangeMessage(_instance.Id, change.WorkspaceId, change.UserId));
                await (await _redis.Value).GetSubscriber().PublishAsync(_channel, message);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.AccessChangeNotCarried(_logger, exception, change.WorkspaceId, change.UserId);
        }
    }

    /// <summary>Reviews this instance's connections that the change may concern.</summary>
    public async Task ReviewHereAsync(AccessChange change, CancellationToken cancellationToken)
    {
        await using var scope = _scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AccessReview>().ReviewAsync(change, cancellationToken);
    }

    /// <summary>Starts reviewing on changes made on other instances; a no-op without Redis.</summary>
    public async Task<ChannelMessageQueue?> ListenAsync()
    {
        if (_redis is null)
        {
            return null;
        }

        var queue = await (await _redis.Value).GetSubscriber().SubscribeAsync(_channel);
        queue.OnMessage(async message =>
        {
            try
            {
                var change = JsonSerializer.Deserialize<AccessChangeMessage>(message.Message.ToString());
                if (change is not null && change.Instance != _instance.Id)
                {
                    await ReviewHereAsync(new AccessChange(change.WorkspaceId, change.UserId), CancellationToken.None);
                }
            }
            catch (Exception exception)
            {
                Log.AccessChangeNotCarried(_logger, exception, null, null);
            }
        });
        return queue;
    }

    public async ValueTask DisposeAsync()
    {
        if (_redis is { IsValueCreated: true })
        {
            await (await _redis.Value).DisposeAsync();
        }
    }

    private sealed record AccessChangeMessage(string Instance, Guid? WorkspaceId, string? UserId);
}

/// <summary>
/// On a web instance: listens for access changes made elsewhere, and rechecks every connection now and then (the first
/// time after one interval), which also closes token connections whose token ran out and catches changes made without
/// a notice (the CLI beside a site without Redis, an edit in the database). Each instance rechecks its own connections.
/// </summary>
internal sealed class LiveAccessService(
    AccessChanges changes, IServiceScopeFactory scopes, IOptions<CollaborationOptions> options, TimeProvider clock, ILogger<LiveAccessService> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public override string Name => "collaboration.access-recheck";

    protected override TimeSpan Interval => options.Value.AccessRecheck;

    protected override bool RunsAtStart => false;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        ChannelMessageQueue? queue = null;
        try
        {
            queue = await changes.ListenAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.AccessChangeNotCarried(Logger, exception, null, null);
        }

        try
        {
            await base.ExecuteAsync(stoppingToken);
        }
        finally
        {
            if (queue is not null)
            {
                await queue.UnsubscribeAsync();
            }
        }
    }

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<AccessReview>().ReviewAsync(AccessChange.Anything, cancellationToken);
        return false;
    }
}
