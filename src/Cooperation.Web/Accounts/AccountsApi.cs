using System.Security.Claims;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Accounts;

public sealed record TokenInput(string? Name, int? Days);

public sealed record MeDto(string Id, string Email, string DisplayName, bool IsAdministrator, Guid? OfficeId, string? OfficeName, string? TimeZone);

public static class AccountsApi
{
    public static IEndpointRouteBuilder MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/api/me", async Task<Results<Ok<MeDto>, NotFound>> (ClaimsPrincipal user, CooperationDb db, CancellationToken ct) =>
            {
                var me = await db.Users.AsNoTracking().Where(u => u.Id == user.UserId())
                    .Select(u => new MeDto(u.Id, u.Email!, u.DisplayName, u.IsAdministrator, u.OfficeId, u.Office != null ? u.Office.Name : null, u.TimeZone))
                    .FirstOrDefaultAsync(ct);
                return me is null ? TypedResults.NotFound() : TypedResults.Ok(me);
            })
            .WithTags("Accounts").WithSummary("Who you are signed in as.");

        var tokens = endpoints.MapGroup("/api/tokens").WithTags("Accounts");
        tokens.MapGet("/", async (ClaimsPrincipal user, AccessTokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.ListAsync(user.UserId(), ct)))
            .WithSummary("Your personal access tokens (without their secrets).");
        tokens.MapPost("/", async (TokenInput input, ClaimsPrincipal user, AccessTokenService service, CancellationToken ct) =>
                TypedResults.Ok(await service.CreateAsync(user.UserId(), input.Name, input.Days, ct,
                    Guid.TryParse(user.FindFirst(AccessTokenAuthenticationHandler.TokenIdClaim)?.Value, out var tokenId) ? tokenId : null)))
            .WithSummary("Creates a personal access token. The token is shown in this response only; one made with a token cannot outlive it.");
        tokens.MapDelete("/{tokenId:guid}", async Task<Results<NoContent, NotFound>> (Guid tokenId, ClaimsPrincipal user, AccessTokenService service, CancellationToken ct) =>
                await service.RevokeAsync(user.UserId(), tokenId, ct) ? TypedResults.NoContent() : TypedResults.NotFound())
            .WithSummary("Revokes one of your tokens.");
        return endpoints;
    }
}
