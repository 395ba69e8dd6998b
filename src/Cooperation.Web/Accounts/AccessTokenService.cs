using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Accounts;

public sealed record CreatedAccessToken(Guid Id, string Name, string Token, DateTime ExpiresAt);

public sealed record AccessTokenSummary(Guid Id, string Name, DateTime CreatedAt, DateTime ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt);

/// <summary>Creates, lists and revokes personal access tokens. Shared by the API, the Tokens page and the CLI.</summary>
public sealed class AccessTokenService(CooperationDb db, TimeProvider clock, IEnumerable<IAccessObserver> accessObservers)
{
    public const int MaxDays = 366;
    public const string Prefix = "coop_";
    public const int DefaultDays = 90;

    /// <param name="days">How long it lasts; null for <see cref="DefaultDays"/>, or less when made with a token that ends sooner.</param>
    /// <param name="madeWithTokenId">The token the request was signed in with, if any: the new one may not outlive it.</param>
    public async Task<CreatedAccessToken> CreateAsync(string userId, string? name, int? days, CancellationToken cancellationToken, Guid? madeWithTokenId = null)
    {
        if (days is < 1 or > MaxDays)
        {
            throw ProblemException.Invalid("days", $"A token lasts between 1 and {MaxDays} days.");
        }

        name = string.IsNullOrWhiteSpace(name) ? "API token" : name.Trim();
        if (name.Length > 100)
        {
            throw ProblemException.Invalid("name", "A token name has at most 100 characters.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var expiresAt = now.AddDays(days ?? DefaultDays);
        // Otherwise a stolen short-lived token could be turned into a year-long one.
        if (madeWithTokenId is { } parentId
            && await db.AccessTokens.Where(t => t.Id == parentId).Select(t => (DateTime?)t.ExpiresAt).FirstOrDefaultAsync(cancellationToken) is { } parentExpiry
            && expiresAt > parentExpiry)
        {
            expiresAt = days is null ? parentExpiry : throw ProblemException.Invalid("days",
                $"A token made with another token cannot outlive it; yours expires on {parentExpiry:yyyy-MM-dd HH:mm} UTC. Ask for fewer days, or sign in on the site to create a longer one.");
        }

        var secret = Secrets.New(Prefix);
        var token = new AccessToken
        {
            UserId = userId,
            Name = name,
            SecretHash = Secrets.Hash(secret),
            CreatedAt = now,
            ExpiresAt = expiresAt,
        };
        db.AccessTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedAccessToken(token.Id, token.Name, secret, token.ExpiresAt);
    }

    public async Task<List<AccessTokenSummary>> ListAsync(string userId, CancellationToken cancellationToken) =>
        await db.AccessTokens.Where(t => t.UserId == userId)
            .OrderByDescending(t => t.CreatedAt)
            .Select(t => new AccessTokenSummary(t.Id, t.Name, t.CreatedAt, t.ExpiresAt, t.RevokedAt, t.LastUsedAt))
            .ToListAsync(cancellationToken);

    /// <returns>False when the person has no such token.</returns>
    public async Task<bool> RevokeAsync(string userId, Guid tokenId, CancellationToken cancellationToken)
    {
        var token = await db.AccessTokens.FirstOrDefaultAsync(t => t.Id == tokenId && t.UserId == userId, cancellationToken);
        if (token is null)
        {
            return false;
        }

        token.RevokedAt ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
        // Hub connections signed in with the token close now, not when they next call.
        foreach (var observer in accessObservers)
        {
            await observer.AccessChangedAsync(new AccessChange(UserId: userId), cancellationToken);
        }

        return true;
    }
}
