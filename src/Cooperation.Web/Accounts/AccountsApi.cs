using System.Security.Claims;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;

namespace Cooperation.Web.Accounts;

public sealed record TokenInput(string? Name, int? Days);

public sealed record MeDto(string Id, string Email, string DisplayName, bool IsAdministrator, Guid? OfficeId, string? OfficeName, string? TimeZone, string? Language);

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me", async (ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(await accounts.GetAsync(user.UserId(), ct)))
            .WithTags("Accounts").WithSummary("Who you are signed in as.");

        var me = endpoints.MapGroup("/api/me").WithTags("Accounts");
        me.MapPut("/profile", async (ProfileInput input, ClaimsPrincipal user, AccountService accounts, CancellationToken ct) =>
                TypedResults.Ok(await accounts.UpdateProfileAsync(user.UserId(), input, ct)))
            .WithSummary("Sets your display name, office, time zone (empty: your office's) and language (en, zh-Hans; empty: your browser's).");
        me.MapPost("/password", async (PasswordChangeInput input, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                await accounts.ChangePasswordAsync(http.User.UserId(), input, ct);
                await KeepThisSessionAsync(http);
                return TypedResults.NoContent();
            })
            .WithSummary("Changes your password; the current one is required. Your other sign-ins on the site end; tokens stay.");
        me.MapPost("/sign-out-others", async (SignOutOthersInput? input, HttpContext http, AccountService accounts, CancellationToken ct) =>
            {
                var result = await accounts.SignOutOthersAsync(http.User.UserId(), input ?? new(), TokenId(http.User), ct);
                await KeepThisSessionAsync(http);
                return TypedResults.Ok(result);
            })
            .WithSummary("Ends your sign-ins on the site elsewhere (and, with revokeTokens, your other access tokens); this one stays.");

        var tokens = endpoints.MapGroup("/api/tokens").WithTags("Accounts");
        tokens.MapGet("/", async (ClaimsPrincipal user, AccessTokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(user.UserId(), ct)))
            .WithSummary("Your personal access tokens (without their secrets).");
        tokens.MapPost("/", async (TokenInput input, ClaimsPrincipal user, AccessTokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.CreateAsync(user.UserId(), input.Name, input.Days, ct, TokenId(user))))
            .WithSummary("Creates a personal access token. The token is shown in this response only; one made with a token cannot outlive it.");
        tokens.MapDelete("/{tokenId:guid}", async Task<Results<NoContent, NotFound>> (Guid tokenId, ClaimsPrincipal user, AccessTokenService service, CancellationToken ct) =>
                await service.RevokeAsync(user.UserId(), tokenId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Revokes one of your tokens.");
        return endpoints;
    }

    /// <summary>The token the request was signed in with; null for the site's sign-in cookie.</summary>
    private static Guid? TokenId(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirst(AccessTokenAuthenticationHandler.TokenIdClaim)?.Value, out var tokenId) ? tokenId : null;

    /// <summary>A new security stamp ends every cookie sign-in; the one making this request is issued again.</summary>
    internal static async Task KeepThisSessionAsync(HttpContext http)
    {
        if (TokenId(http.User) is null
            && await http.RequestServices.GetRequiredService<UserManager<AppUser>>().FindByIdAsync(http.User.UserId()) is { } account)
        {
            await http.RequestServices.GetRequiredService<SignInManager<AppUser>>().RefreshSignInAsync(account);
        }
    }
}
