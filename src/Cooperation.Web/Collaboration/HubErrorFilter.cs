using System.Globalization;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Collaboration;

/// <summary>
/// Turns the services' <see cref="ProblemException"/> into a <see cref="HubException"/> whose message reaches the
/// caller, in the language of the page that opened the connection, and applies the per-connection rate limit.
/// Errors end the call, never the connection.
/// </summary>
internal sealed class HubErrorFilter(IOptions<CollaborationOptions> options, TimeProvider clock, IStringLocalizer<Ui> text, ILogger<HubErrorFilter> logger) : IHubFilter
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
            throw Refusal(invocationContext, "You are sending too quickly. Wait a few seconds and try again.");
        }

        try
        {
            return await next(invocationContext);
        }
        catch (ProblemException problem)
        {
            throw Refusal(invocationContext, problem.Message);
        }
        catch (Exception exception) when (exception is not HubException and not OperationCanceledException)
        {
            Log.HubMethodFailed(logger, exception, invocationContext.HubMethodName);
            throw Refusal(invocationContext, "Something went wrong on the server. Try again; if it keeps happening, tell an administrator.");
        }
    }

    /// <summary>
    /// The message in the language of the request that opened the connection (its culture cookie or Accept-Language),
    /// taken from that request rather than from the ambient culture, which reaches hub calls over WebSockets but need
    /// not over other transports. A sentence with no translation (one that quotes figures) stays English.
    /// </summary>
    private HubException Refusal(HubInvocationContext invocationContext, string message)
    {
        var culture = invocationContext.Context.GetHttpContext()?.Features.Get<IRequestCultureFeature>()?.RequestCulture.UICulture;
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = culture ?? previous;
        try
        {
            return new HubException(text[message]);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
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
