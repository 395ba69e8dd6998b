using System.Security.Claims;
using System.Text.Encodings.Web;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Accounts;

/// <summary>
/// Authenticates API clients by personal access token: <c>Authorization: Bearer coop_...</c>, or the
/// <c>access_token</c> query value on hub requests (browsers cannot set headers on WebSockets).
/// </summary>
internal sealed class AccessTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    CooperationDb db,
    IUserClaimsPrincipalFactory<AppUser> principals,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AccessToken";
    public const string TokenIdClaim = "token_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var secret = ReadSecret(Request);
        if (secret is null)
        {
            return AuthenticateResult.NoResult();
        }

        var hash = Secrets.Hash(secret);
        var token = await db.AccessTokens.Include(t => t.User).FirstOrDefaultAsync(t => t.SecretHash == hash, Context.RequestAborted);
        var now = clock.GetUtcNow().UtcDateTime;
        if (token?.User is null || !token.IsActive(now) || token.User.LockoutEnd > now)
        {
            return AuthenticateResult.Fail("The access token is unknown, expired or revoked.");
        }

        // Recording every use would turn each API read into a write; once a minute is enough to show activity.
        if (token.LastUsedAt is null || now - token.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            token.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }

        var principal = await principals.CreateAsync(token.User);
        // Which token, so that a revocation ends exactly the connections it signed in; the expiry closes hub
        // connections when the token runs out (CloseOnAuthenticationExpiration).
        ((ClaimsIdentity)principal.Identity!).AddClaim(new Claim(TokenIdClaim, token.Id.ToString()));
        var properties = new AuthenticationProperties { ExpiresUtc = new DateTimeOffset(DateTime.SpecifyKind(token.ExpiresAt, DateTimeKind.Utc)) };
        return AuthenticateResult.Success(new AuthenticationTicket(principal, properties, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails =
            {
                Status = 401,
                Title = "Sign-in required",
                Detail = ReadSecret(Request) is null
                    ? "Send a personal access token as 'Authorization: Bearer <token>'. Create one on the Tokens page or with 'cooperation token create'."
                    : "The access token is unknown, expired or revoked. Create a new one on the Tokens page.",
            },
        });
    }

    internal static string? ReadSecret(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header["Bearer ".Length..].Trim();
        }

        return request.Path.StartsWithSegments("/hubs") && request.Query.TryGetValue("access_token", out var query) ? query.ToString() : null;
    }
}
