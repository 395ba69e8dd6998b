using System.Threading.RateLimiting;
using Cooperation.Web.Accounts;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Infrastructure;

/// <summary>
/// Site-wide request rules: forwarded headers from a TLS-terminating proxy, one anti-forgery rule for every
/// cookie-authenticated API write, the usual response headers, and the rate-limit policies that the costly or
/// guessable API endpoint groups apply (<see cref="RateLimitPolicies"/>).
/// </summary>
public static class WebSecurity
{
    // The pages' only inline script: the two event handlers below, allowed by their hashes rather than by
    // 'unsafe-inline', which would let any injected script run.
    internal const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-hashes' 'sha256-osjxnKEPL/pQJbFk1dKsF7PYFmTyMWGmVSiL9inhxJY=' " +
        "'sha256-dTmt1GaQA59s60BR0D/T1RIVNW1gkyjh5JCZ7pLDVEs='; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static WebApplicationBuilder AddWebSecurity(this WebApplicationBuilder builder)
    {
        // Behind a proxy that terminates TLS the request reaches the site as http; X-Forwarded-Proto makes it https
        // again, so the sign-in cookie (SecurePolicy SameAsRequest) is marked Secure. Only proxies on this machine
        // are trusted by default; App Service's front end is trusted through ASPNETCORE_FORWARDEDHEADERS_ENABLED.
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto);

        builder.Services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, cancellationToken) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await TypedResults.Problem(
                        title: "Too many requests",
                        detail: "This kind of request is limited per person (or address) and minute. Wait a moment and try again.",
                        statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context.HttpContext);
            };
            // Named policies, applied on the endpoint groups they guard (RequireRateLimiting), so that the limit is
            // declared where the endpoint is and shows in the API description.
            options.AddPolicy(RateLimitPolicies.Questions, http => PerPersonPerMinute(http, RateLimitPolicies.Questions, limits => limits.AskPerMinute));
            options.AddPolicy(RateLimitPolicies.Uploads, http => PerPersonPerMinute(http, RateLimitPolicies.Uploads, limits => limits.UploadsPerMinute));
            options.AddPolicy(RateLimitPolicies.Invitations, http => PerPersonPerMinute(http, RateLimitPolicies.Invitations, limits => limits.InvitationPreviewPerMinute));
        });
        return builder;
    }

    /// <summary>A fixed window of a minute per signed-in person, or per address for anonymous callers.</summary>
    private static RateLimitPartition<string> PerPersonPerMinute(HttpContext http, string policy, Func<RateLimitOptions, int> permits)
    {
        var limits = http.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        var who = http.User.Identity?.IsAuthenticated == true ? "user:" + http.User.UserId() : "ip:" + http.Connection.RemoteIpAddress;
        return RateLimitPartition.GetFixedWindowLimiter($"{policy}|{who}", _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits(limits),
            Window = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
        });
    }

    /// <summary>Response headers, then the anti-forgery rule; after authentication, before the endpoints.</summary>
    public static WebApplication UseWebSecurityHeaders(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "same-origin";
                // The API reference page (Scalar) brings its own scripts; every other page is the site's.
                if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
                    && !context.Request.Path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase))
                {
                    headers.ContentSecurityPolicy = ContentSecurityPolicy;
                }

                return Task.CompletedTask;
            });
            return next(context);
        });
        return app;
    }

    /// <summary>
    /// Every API write made with the sign-in cookie must carry the page's anti-forgery token in a header; a form on
    /// another site can send a simple POST (even <c>text/plain</c>) with the cookie, never a custom header. Calls
    /// with a personal access token are not exposed (browsers never attach it). Checked before the body is read.
    /// </summary>
    public static WebApplication UseApiAntiforgery(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method) && !HttpMethods.IsOptions(request.Method)
                && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
                && context.User.Identity?.IsAuthenticated == true
                && AccessTokenAuthenticationHandler.ReadSecret(request) is null)
            {
                var header = context.RequestServices.GetRequiredService<IOptions<AntiforgeryOptions>>().Value.HeaderName;
                if (header is null || !request.Headers.ContainsKey(header))
                {
                    throw AntiforgeryRefused();
                }

                try
                {
                    await context.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(context);
                }
                catch (AntiforgeryValidationException)
                {
                    throw AntiforgeryRefused();
                }
            }

            await next(context);
        });
        return app;
    }

    private static ProblemException AntiforgeryRefused() =>
        new(StatusCodes.Status400BadRequest, "Anti-forgery check failed",
            "This request came with the site's sign-in cookie but without the page's anti-forgery token. Reload the page and try again; scripts should use a personal access token instead.");
}

/// <summary>The names of the HTTP rate-limit policies, for <c>RequireRateLimiting</c> on the endpoint groups.</summary>
public static class RateLimitPolicies
{
    /// <summary>Questions to the assistant (RateLimits:AskPerMinute).</summary>
    public const string Questions = "questions";

    /// <summary>Document and version uploads (RateLimits:UploadsPerMinute).</summary>
    public const string Uploads = "uploads";

    /// <summary>Invitation previews and acceptances, which anyone may call (RateLimits:InvitationPreviewPerMinute).</summary>
    public const string Invitations = "invitations";
}

/// <summary>The "RateLimits" section: requests per minute, per signed-in person (or per address when anonymous).</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Questions to the assistant (each runs a search and possibly a language model).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int AskPerMinute { get; set; } = 60;

    /// <summary>Document and version uploads.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int UploadsPerMinute { get; set; } = 120;

    /// <summary>Invitation previews and acceptances, which anyone may call: a low limit makes guessing tokens pointless.</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 10_000)]
    public int InvitationPreviewPerMinute { get; set; } = 30;
}
