using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Teams;

public sealed record TeamsLinkDto(Guid Id, string? TeamsName, string TenantId, DateTime LinkedAt);

/// <summary>Redeems the bot's one-time codes for the signed-in person, and lists or removes their links.</summary>
public sealed class TeamsLinking(CooperationDb db, TimeProvider clock)
{
    public const string PagePath = "/account/teams";

    public async Task<TeamsLinkDto> RedeemAsync(string userId, string? code, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash((code ?? "").Trim().ToUpperInvariant());
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.Set<TeamsLinkCode>().FirstOrDefaultAsync(c => c.CodeHash == hash, cancellationToken);
        if (pending is null || pending.UsedAt is not null || pending.ExpiresAt <= now)
        {
            throw ProblemException.Invalid("code", "That code is not valid or has expired. Type 'link' to the bot in Teams for a new one.");
        }

        pending.UsedAt = now;
        // A Teams identity belongs to one hub account: linking again moves it to the person entering the code.
        await db.Set<TeamsLink>().Where(l => l.AadObjectId == pending.AadObjectId && l.TenantId == pending.TenantId).ExecuteDeleteAsync(cancellationToken);
        var link = new TeamsLink { UserId = userId, AadObjectId = pending.AadObjectId, TenantId = pending.TenantId, TeamsName = pending.TeamsName, LinkedAt = now };
        db.Set<TeamsLink>().Add(link);
        await db.SaveChangesAsync(cancellationToken);
        return new TeamsLinkDto(link.Id, link.TeamsName, link.TenantId, link.LinkedAt);
    }

    public Task<List<TeamsLinkDto>> ListAsync(string userId, CancellationToken cancellationToken) =>
        db.Set<TeamsLink>().Where(l => l.UserId == userId).OrderBy(l => l.LinkedAt)
            .Select(l => new TeamsLinkDto(l.Id, l.TeamsName, l.TenantId, l.LinkedAt)).ToListAsync(cancellationToken);

    public async Task<bool> UnlinkAsync(string userId, Guid linkId, CancellationToken cancellationToken) =>
        await db.Set<TeamsLink>().Where(l => l.Id == linkId && l.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
}
