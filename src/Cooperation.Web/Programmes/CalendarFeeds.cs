using System.Globalization;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Programmes;

public sealed record CreatedSubscription(Guid Id, string Url, DateTime CreatedAt);

public sealed record SubscriptionSummary(Guid Id, Guid? WorkspaceId, DateTime CreatedAt);

/// <summary>
/// .ics downloads and secret subscription feeds. A feed address holds a secret of which only the hash is stored;
/// a missing, unknown or revoked secret is answered exactly like a feed that never existed.
/// </summary>
public sealed class CalendarFeeds(CooperationDb db, TimeProvider clock, WorkspaceAccess access)
{
    public const string SecretPrefix = "cal_";

    public static string FeedPath(string secret) => $"/calendar/{secret}.ics";

    public async Task<string> ProgrammeAsync(Guid workspaceId, Guid programmeId, Uri baseUrl, CancellationToken cancellationToken)
    {
        var programme = await db.Set<Programme>().AsNoTracking().FirstOrDefaultAsync(p => p.Id == programmeId && p.WorkspaceId == workspaceId, cancellationToken)
            ?? throw ProblemException.NotFound("Programme");
        var sessions = await db.Set<ProgrammeSession>().AsNoTracking().Where(s => s.ProgrammeId == programmeId).ToListAsync(cancellationToken);
        return await WriteAsync(programme.Title, sessions, baseUrl, cancellationToken);
    }

    public async Task<string> SessionAsync(Guid workspaceId, Guid programmeId, Guid sessionId, Uri baseUrl, CancellationToken cancellationToken)
    {
        var sessions = await db.Set<ProgrammeSession>().AsNoTracking()
            .Where(s => s.Id == sessionId && s.ProgrammeId == programmeId && s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
        if (sessions.Count == 0)
        {
            throw ProblemException.NotFound("Session");
        }

        var title = await db.Set<Programme>().Where(p => p.Id == programmeId).Select(p => p.Title).FirstAsync(cancellationToken);
        return await WriteAsync(title, sessions, baseUrl, cancellationToken);
    }

    /// <summary>The feed behind a secret address, or null (answered with 404) when there is none or it was revoked.</summary>
    public async Task<string?> FeedAsync(string? secret, Uri baseUrl, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(secret) || !secret.StartsWith(SecretPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        var hash = Secrets.Hash(secret);
        var subscription = await db.Set<CalendarSubscription>().AsNoTracking().FirstOrDefaultAsync(s => s.SecretHash == hash && s.RevokedAt == null, cancellationToken);
        if (subscription is null)
        {
            return null;
        }

        // Rights are checked when the feed is read, so a person who leaves a workspace stops receiving its sessions.
        var isAdministrator = await db.Users.Where(u => u.Id == subscription.UserId).Select(u => u.IsAdministrator).FirstOrDefaultAsync(cancellationToken);
        var readable = await access.ReadableWorkspaceIdsAsync(subscription.UserId, isAdministrator, cancellationToken);
        if (subscription.WorkspaceId is { } workspaceId)
        {
            if (!readable.Contains(workspaceId))
            {
                return null;
            }

            var name = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).FirstAsync(cancellationToken);
            var sessions = await db.Set<ProgrammeSession>().AsNoTracking().Where(s => s.WorkspaceId == workspaceId).ToListAsync(cancellationToken);
            return await WriteAsync(name, sessions, baseUrl, cancellationToken);
        }

        var since = clock.GetUtcNow().UtcDateTime.AddDays(-90);
        var mine = await db.Set<ProgrammeSession>().AsNoTracking()
            .Where(s => readable.Contains(s.WorkspaceId) && s.EndUtc > since
                && !s.Participants.Any(p => p.UserId == subscription.UserId && p.Reply == ParticipantReply.Declined))
            .ToListAsync(cancellationToken);
        return await WriteAsync("My programme sessions", mine, baseUrl, cancellationToken);
    }

    public Task<CreatedSubscription> CreatePersonalAsync(string userId, Uri baseUrl, CancellationToken cancellationToken) =>
        CreateAsync(userId, null, baseUrl, cancellationToken);

    public Task<CreatedSubscription> CreateWorkspaceAsync(Guid workspaceId, string userId, Uri baseUrl, CancellationToken cancellationToken) =>
        CreateAsync(userId, workspaceId, baseUrl, cancellationToken);

    /// <summary>A new address replaces the person's previous one for the same calendar, which stops working.</summary>
    private async Task<CreatedSubscription> CreateAsync(string userId, Guid? workspaceId, Uri baseUrl, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await RevokeAllAsync(userId, workspaceId, now, cancellationToken);
        var secret = Secrets.New(SecretPrefix);
        var subscription = new CalendarSubscription { UserId = userId, WorkspaceId = workspaceId, SecretHash = Secrets.Hash(secret), CreatedAt = now };
        db.Add(subscription);
        await db.SaveChangesAsync(cancellationToken);
        return new CreatedSubscription(subscription.Id, new Uri(baseUrl, FeedPath(secret)).ToString(), now);
    }

    public async Task<List<SubscriptionSummary>> ListAsync(string userId, Guid? workspaceId, CancellationToken cancellationToken) =>
        await db.Set<CalendarSubscription>().AsNoTracking()
            .Where(s => s.UserId == userId && s.WorkspaceId == workspaceId && s.RevokedAt == null)
            .OrderByDescending(s => s.CreatedAt)
            .Select(s => new SubscriptionSummary(s.Id, s.WorkspaceId, s.CreatedAt))
            .ToListAsync(cancellationToken);

    /// <returns>False when there was nothing to revoke.</returns>
    public async Task<bool> RevokeAsync(string userId, Guid? workspaceId, CancellationToken cancellationToken)
    {
        var revoked = await RevokeAllAsync(userId, workspaceId, clock.GetUtcNow().UtcDateTime, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        return revoked > 0;
    }

    private async Task<int> RevokeAllAsync(string userId, Guid? workspaceId, DateTime now, CancellationToken cancellationToken)
    {
        var active = await db.Set<CalendarSubscription>().Where(s => s.UserId == userId && s.WorkspaceId == workspaceId && s.RevokedAt == null).ToListAsync(cancellationToken);
        foreach (var subscription in active)
        {
            subscription.RevokedAt = now;
        }

        return active.Count;
    }

    private async Task<string> WriteAsync(string name, List<ProgrammeSession> sessions, Uri baseUrl, CancellationToken cancellationToken)
    {
        var programmeIds = sessions.Select(s => s.ProgrammeId).Distinct().ToList();
        var programmes = await db.Set<Programme>().AsNoTracking().Where(p => programmeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var officeIds = sessions.SelectMany(s => s.OfficeIds).Distinct().ToList();
        var offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).ToDictionaryAsync(o => o.Id, cancellationToken);
        var entries = sessions.Select(s => new CalendarEntry(s, programmes[s.ProgrammeId],
            new Uri(baseUrl, SiteLinks.Programme(s.WorkspaceId, s.ProgrammeId)).ToString(), OfficeLines(s, offices)));
        return CalendarWriter.Write(name, entries);
    }

    /// <summary>"Egyptian Patent Office (Africa/Cairo): Mon 1 Mar 10:00–12:00" for each office of the session.</summary>
    public static List<string> OfficeLines(ProgrammeSession session, IReadOnlyDictionary<Guid, Office> offices) =>
        session.OfficeIds.Where(offices.ContainsKey).Select(id =>
        {
            var office = offices[id];
            var zone = ZoneTimes.Find(office.TimeZone) ?? DateTimeZone.Utc;
            var start = session.StartUtc.InZone(zone);
            var end = session.EndUtc.InZone(zone);
            var endText = end.Date == start.Date ? end.ToString("HH:mm", CultureInfo.InvariantCulture) : end.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture);
            return $"{office.Name} ({zone.Id}): {start.ToString("ddd d MMM HH:mm", CultureInfo.InvariantCulture)}–{endText}";
        }).ToList();
}
