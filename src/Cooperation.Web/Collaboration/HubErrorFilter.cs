using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Collaboration;

/// <summary>
/// Turns the services' <see cref="ProblemException"/> into a <see cref="HubException"/> whose message reaches the
/// caller, and applies the per-connection rate limit. Errors end the call, never the connection.
/// </summary>
internal sealed class HubErrorFilter(IOptions<CollaborationOptions> options, TimeProvider clock, ILogger<HubErrorFilter> logger) : IHubFilter
{
    private static readonly object LimiterKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        var items = invocationContext.Context.Items;
        if (items[LimiterKey] is not TokenBucket bucket)
        {
            bucket = new TokenBucket(options.Value.RateLimitBurst, options.Value.RateLimitPerSecond, clock);
            items[LimiterKey] = bucket;
        }

        if (!bucket.TryTake())
        {
            throw new HubException("You are sending too quickly. Wait a few seconds and try again.");
        }

        try
        {
            return await next(invocationContext);
        }
        catch (ProblemException problem)
        {
            throw new HubException(problem.Message);
        }
        catch (Exception exception) when (exception is not HubException and not OperationCanceledException)
        {
            Log.HubMethodFailed(logger, exception, invocationContext.HubMethodName);
            throw new HubException("Something went wrong on the server. Try again; if it keeps happening, tell an administrator.");
        }
    }
}

/// <summary>A token bucket: <c>burst</c> calls at once, then <c>perSecond</c> calls a second.</summary>
internal sealed class TokenBucket(int burst, double perSecond, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private double _tokens = burst;
    private long _last = clock.GetTimestamp();

    public bool TryTake()
    {
        lock (_lock)
        {
            var now = clock.GetTimestamp();
            _tokens = Math.Min(burst, _tokens + clock.GetElapsedTime(_last, now).TotalSeconds * perSecond);
            _last = now;
            if (_tokens < 1)
            {
                return false;
            }

            _tokens -= 1;
            return true;
        }
    }
}
