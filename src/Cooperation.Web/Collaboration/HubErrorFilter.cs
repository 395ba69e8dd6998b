using System.Globalization;
using System.Threading.RateLimiting;
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
internal sealed class HubErrorFilter(IOptions<CollaborationOptions> options, IStringLocalizer<Ui> text, ILogger<HubErrorFilter> logger) : IHubFilter
{
    private static readonly object LimiterKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        using (var permit = Limiter(invocationContext.Context).AttemptAcquire())
        {
            if (!permit.IsAcquired)
            {
                throw Refusal(invocationContext, "You are sending too quickly. Wait a few seconds and try again.");
            }
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

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        try
        {
            await next(context, exception);
        }
        finally
        {
            if (context.Context.Items.Remove(LimiterKey, out var limiter))
            {
                await ((RateLimiter)limiter!).DisposeAsync();
            }
        }
    }

    /// <summary>
    /// The connection's token bucket: <c>RateLimitBurst</c> calls at once, then <c>RateLimitPerSecond</c> calls a second.
    /// Tokens come back with the time elapsed, counted at each call, so a connection holds no timer of its own.
    /// </summary>
    private TokenBucketRateLimiter Limiter(HubCallerContext connection)
    {
        if (connection.Items[LimiterKey] is not TokenBucketRateLimiter limiter)
        {
            var settings = options.Value;
            limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = settings.RateLimitBurst,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1 / settings.RateLimitPerSecond),
                AutoReplenishment = false,
                QueueLimit = 0,
            });
            connection.Items[LimiterKey] = limiter;
        }

        limiter.TryReplenish();
        return limiter;
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
