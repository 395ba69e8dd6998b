using System.Text.Json.Serialization;
using Cooperation.Web.Data;
using Cooperation.Web.Localization;
using Microsoft.EntityFrameworkCore;
using NodaTime;

namespace Cooperation.Web.Programmes;

public enum WarningKind
{
    OfficeOverlap,
    ParticipantOverlap,
    OutsideWorkingHours,
}

/// <summary>Something a coordinator should know about a session; it is still saved.</summary>
/// <param name="Message">In English, for the API; pages show <see cref="Text"/> in their language.</param>
public sealed record SessionWarning(Guid? SessionId, DateTime StartUtc, WarningKind Kind, string Message)
{
    [JsonIgnore]
    public LocalizedText? Text { get; private init; }

    public static SessionWarning Of(Guid? sessionId, DateTime startUtc, WarningKind kind, LocalizedText text) =>
        new(sessionId, startUtc, kind, text.ToString()) { Text = text };
}

/// <summary>Overlaps with other sessions of the same office or person, and sessions outside an office's working hours.</summary>
public sealed class ConflictFinder(CooperationDb db)
{
    /// <param name="visibleWorkspaceIds">Only sessions in these workspaces are compared, so nothing of other workspaces is revealed.</param>
    public async Task<List<SessionWarning>> FindAsync(IReadOnlyList<ProgrammeSession> sessions, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        var live = sessions.Where(s => s.Status == SessionStatus.Scheduled).ToList();
        if (live.Count == 0)
        {
            return [];
        }

        var warnings = new List<SessionWarning>();
        var officeIds = live.SelectMany(s => s.OfficeIds).Distinct().ToList();
        var calendars = await CalendarsAsync(db, officeIds, cancellationToken);
        foreach (var session in live.OrderBy(s => s.StartUtc))
        {
            foreach (var officeId in session.OfficeIds.Where(calendars.ContainsKey))
            {
                var calendar = calendars[officeId];
                if (calendar.OutsideWorkingHoursText(session.StartUtc.ToInstant(), session.EndUtc.ToInstant()) is { } why)
                {
                    warnings.Add(SessionWarning.Of(session.Id, session.StartUtc, WarningKind.OutsideWorkingHours, new LocalizedText("{0}: {1}.", calendar.Office.Name, why)));
                }
            }
        }

        var from = live.Min(s => s.StartUtc);
        var to = live.Max(s => s.EndUtc);
        var ids = live.Select(s => s.Id).ToList();
        var others = await db.Set<ProgrammeSession>().AsNoTracking()
            .Include(s => s.Participants)
            .Where(s => visibleWorkspaceIds.Contains(s.WorkspaceId) && s.Status == SessionStatus.Scheduled && !ids.Contains(s.Id)
                && s.StartUtc < to && s.EndUtc > from)
            .ToListAsync(cancellationToken);
        if (others.Count == 0)
        {
            return warnings;
        }

        var titles = await SessionTitlesAsync(others, cancellationToken);
        foreach (var session in live)
        {
            var people = session.Participants.Where(p => p.Reply != ParticipantReply.Declined).Select(p => p.UserId).ToHashSet();
            foreach (var other in others.Where(o => o.StartUtc < session.EndUtc && o.EndUtc > session.StartUtc))
            {
                var sharedOffices = session.OfficeIds.Intersect(other.OfficeIds).Where(calendars.ContainsKey).Select(id => calendars[id].Office.Name).ToList();
                if (sharedOffices.Count > 0)
                {
                    warnings.Add(SessionWarning.Of(session.Id, session.StartUtc, WarningKind.OfficeOverlap, new LocalizedText(
                        "Overlaps '{0}' ({1:yyyy-MM-dd HH:mm}–{2:HH:mm} UTC) for {3}.", titles[other.Id], other.StartUtc, other.EndUtc, string.Join(", ", sharedOffices))));
                }

                var sharedPeople = other.Participants.Count(p => p.Reply != ParticipantReply.Declined && people.Contains(p.UserId));
                if (sharedPeople > 0)
                {
                    warnings.Add(SessionWarning.Of(session.Id, session.StartUtc, WarningKind.ParticipantOverlap, sharedPeople == 1
                        ? new LocalizedText("1 participant is also in '{0}' ({1:yyyy-MM-dd HH:mm}–{2:HH:mm} UTC).", titles[other.Id], other.StartUtc, other.EndUtc)
                        : new LocalizedText("{3} participants are also in '{0}' ({1:yyyy-MM-dd HH:mm}–{2:HH:mm} UTC).", titles[other.Id], other.StartUtc, other.EndUtc, sharedPeople)));
                }
            }
        }

        return warnings;
    }

    /// <summary>Warnings for one person who has just accepted a session: other accepted sessions at the same time.</summary>
    public async Task<List<SessionWarning>> ForPersonAsync(ProgrammeSession session, string userId, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        var clashes = await db.Set<ProgrammeSession>().AsNoTracking()
            .Where(s => visibleWorkspaceIds.Contains(s.WorkspaceId) && s.Id != session.Id && s.Status == SessionStatus.Scheduled
                && s.StartUtc < session.EndUtc && s.EndUtc > session.StartUtc
                && s.Participants.Any(p => p.UserId == userId && p.Reply != ParticipantReply.Declined))
            .ToListAsync(cancellationToken);
        var titles = await SessionTitlesAsync(clashes, cancellationToken);
        return clashes.Select(c => SessionWarning.Of(session.Id, session.StartUtc, WarningKind.ParticipantOverlap,
            new LocalizedText("You are also in '{0}' ({1:yyyy-MM-dd HH:mm}–{2:HH:mm} UTC).", titles[c.Id], c.StartUtc, c.EndUtc))).ToList();
    }

    public static async Task<Dictionary<Guid, OfficeCalendar>> CalendarsAsync(CooperationDb db, IReadOnlyCollection<Guid> officeIds, CancellationToken cancellationToken)
    {
        var offices = await db.Offices.AsNoTracking().Where(o => officeIds.Contains(o.Id)).ToListAsync(cancellationToken);
        var holidays = await db.Set<OfficeHoliday>().AsNoTracking().Where(h => officeIds.Contains(h.OfficeId)).ToListAsync(cancellationToken);
        return offices.ToDictionary(o => o.Id, o => new OfficeCalendar(o, holidays));
    }

    private async Task<Dictionary<Guid, string>> SessionTitlesAsync(List<ProgrammeSession> sessions, CancellationToken cancellationToken)
    {
        var programmeIds = sessions.Select(s => s.ProgrammeId).Distinct().ToList();
        var programmes = await db.Set<Programme>().AsNoTracking().Where(p => programmeIds.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Title, cancellationToken);
        return sessions.ToDictionary(s => s.Id, s => SessionTitle.Of(s, programmes.GetValueOrDefault(s.ProgrammeId, "")));
    }
}

internal static class SessionTitle
{
    public static string Of(ProgrammeSession session, string programmeTitle) =>
        string.IsNullOrWhiteSpace(session.Title) ? programmeTitle : $"{programmeTitle}: {session.Title}";

    public static Duration Length(ProgrammeSession session) => session.EndUtc.ToInstant() - session.StartUtc.ToInstant();
}
