using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Localization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cooperation.Web.Programmes;

/// <summary>
/// Start and end are wall-clock times in <see cref="TimeZone"/> ("2027-03-01T10:00") or instants ("2027-03-01T08:00Z").
/// The zone defaults to the host office's. Offices default to all of the programme's offices.
/// </summary>
public sealed record SessionInput(
    string Start,
    string End,
    string? TimeZone = null,
    string? Title = null,
    string? Location = null,
    string? OnlineLink = null,
    int? Capacity = null,
    List<Guid>? OfficeIds = null,
    RecurrenceInput? Recurrence = null);

public sealed record ParticipantDto(string UserId, string DisplayName, string? OfficeName, ParticipantReply Reply, DateTime? RepliedAt, bool? Attended);

public sealed record SessionDto(
    Guid Id, Guid ProgrammeId, Guid WorkspaceId, string Title, DateTime StartUtc, DateTime EndUtc, string TimeZone,
    string? Location, string? OnlineLink, int? Capacity, IReadOnlyList<Guid> OfficeIds, SessionStatus Status, int Sequence,
    Guid? SeriesId, int Accepted, int Tentative, int Declined)
{
    public static SessionDto From(ProgrammeSession s) => new(
        s.Id, s.ProgrammeId, s.WorkspaceId, s.Title, s.StartUtc, s.EndUtc, s.TimeZone, s.Location, s.OnlineLink, s.Capacity,
        s.OfficeIds, s.Status, s.Sequence, s.SeriesId,
        s.Participants.Count(p => p.Reply == ParticipantReply.Accepted),
        s.Participants.Count(p => p.Reply == ParticipantReply.Tentative),
        s.Participants.Count(p => p.Reply == ParticipantReply.Declined));
}

public sealed record SessionsSaved(IReadOnlyList<SessionDto> Sessions, IReadOnlyList<SessionWarning> Warnings);

public sealed record ReplyInput(ParticipantReply Reply);

public sealed record ParticipantInput(ParticipantReply? Reply = null, bool? Attended = null);

/// <summary>Sessions of a programme, replies and attendance. Every write is validated in full before anything is saved.</summary>
public sealed class SessionService(
    CooperationDb db, TimeProvider clock, IOptions<ProgrammeOptions> options, ProgrammeService programmes, ConflictFinder conflicts, ProgrammeEvents events)
{
    public async Task<List<SessionDto>> ListAsync(Guid workspaceId, Guid programmeId, CancellationToken cancellationToken)
    {
        await programmes.FindAsync(workspaceId, programmeId, cancellationToken);
        return (await db.Set<ProgrammeSession>().AsNoTracking().Include(s => s.Participants)
            .Where(s => s.ProgrammeId == programmeId).OrderBy(s => s.StartUtc).ToListAsync(cancellationToken))
            .Select(SessionDto.From).ToList();
    }

    public async Task<ProgrammeSession> FindAsync(Guid workspaceId, Guid programmeId, Guid sessionId, CancellationToken cancellationToken) =>
        await db.Set<ProgrammeSession>().Include(s => s.Participants)
            .FirstOrDefaultAsync(s => s.Id == sessionId && s.ProgrammeId == programmeId && s.WorkspaceId == workspaceId, cancellationToken)
        ?? throw ProblemException.NotFound("Session");

    public async Task<SessionsSaved> CreateAsync(Guid workspaceId, Guid programmeId, SessionInput input, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        var programme = await programmes.FindAsync(workspaceId, programmeId, cancellationToken);
        var plan = await ValidateAsync(programme, input, cancellationToken);
        var occurrences = Recurrence.Expand(input.Recurrence, plan.Start, plan.End, plan.Zone, options.Value.MaxOccurrences);
        var now = clock.GetUtcNow().UtcDateTime;
        var seriesId = occurrences.Count > 1 ? Guid.CreateVersion7() : (Guid?)null;
        var sessions = occurrences.Select(o => new ProgrammeSession
        {
            ProgrammeId = programme.Id,
            WorkspaceId = workspaceId,
            Title = plan.Title,
            StartUtc = o.Start.ToUtc(),
            EndUtc = o.End.ToUtc(),
            TimeZone = plan.Zone.Id,
            Location = plan.Location,
            OnlineLink = plan.OnlineLink,
            Capacity = plan.Capacity,
            OfficeIds = plan.OfficeIds,
            SeriesId = seriesId,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();
        return await SaveNewAsync(programme, sessions, visibleWorkspaceIds, cancellationToken);
    }

    internal async Task<SessionsSaved> SaveNewAsync(Programme programme, List<ProgrammeSession> sessions, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        if (programme.Status == ProgrammeStatus.Draft)
        {
            programme.Status = ProgrammeStatus.Scheduled;
            programme.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        }

        db.AddRange(sessions);
        var warnings = await conflicts.FindAsync(sessions, visibleWorkspaceIds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await events.ChangedAsync(programme.WorkspaceId, programme.Id, "sessions.created", cancellationToken);
        return new SessionsSaved(sessions.Select(SessionDto.From).ToList(), warnings);
    }

    public async Task<SessionsSaved> UpdateAsync(Guid workspaceId, Guid programmeId, Guid sessionId, SessionInput input, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        if (input.Recurrence is not null)
        {
            throw ProblemException.Invalid("recurrence", "A recurrence can only be given when sessions are created; change each session of a series on its own.");
        }

        var programme = await programmes.FindAsync(workspaceId, programmeId, cancellationToken);
        var session = await FindAsync(workspaceId, programmeId, sessionId, cancellationToken);
        if (session.Status == SessionStatus.Cancelled)
        {
            throw ProblemException.Conflict(new LocalizedText(CancelledCannotChange));
        }

        var plan = await ValidateAsync(programme, input, cancellationToken);
        session.Title = plan.Title;
        session.StartUtc = plan.Start.ToUtc();
        session.EndUtc = plan.End.ToUtc();
        session.TimeZone = plan.Zone.Id;
        session.Location = plan.Location;
        session.OnlineLink = plan.OnlineLink;
        session.Capacity = plan.Capacity;
        session.OfficeIds = plan.OfficeIds;
        session.Sequence++;
        session.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        var warnings = await conflicts.FindAsync([session], visibleWorkspaceIds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await events.ChangedAsync(workspaceId, programmeId, "session.updated", cancellationToken);
        return new SessionsSaved([SessionDto.From(session)], warnings);
    }

    public const string CancelledCannotChange = "This session was cancelled, so it cannot be changed; schedule a new session instead.";

    public async Task<SessionDto> CancelAsync(Guid workspaceId, Guid programmeId, Guid sessionId, CancellationToken cancellationToken)
    {
        var session = await FindAsync(workspaceId, programmeId, sessionId, cancellationToken);
        if (session.Status != SessionStatus.Cancelled)
        {
            session.Status = SessionStatus.Cancelled;
            session.Sequence++;
            session.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            await db.SaveChangesAsync(cancellationToken);
            await events.ChangedAsync(workspaceId, programmeId, "session.cancelled", cancellationToken);
        }

        return SessionDto.From(session);
    }

    /// <summary>The signed-in person's own answer; accepting a full session is refused.</summary>
    public async Task<SessionsSaved> ReplyAsync(Guid workspaceId, Guid programmeId, Guid sessionId, string userId, ParticipantReply reply, IReadOnlyCollection<Guid> visibleWorkspaceIds, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(reply) || reply == ParticipantReply.NoReply)
        {
            throw ProblemException.Invalid("reply", "The reply is accepted, tentative or declined.");
        }

        var session = await FindAsync(workspaceId, programmeId, sessionId, cancellationToken);
        if (session.Status == SessionStatus.Cancelled)
        {
            throw ProblemException.Conflict("This session was cancelled.");
        }

        SetReply(session, userId, reply);
        List<SessionWarning> warnings = reply == ParticipantReply.Declined ? [] : await conflicts.ForPersonAsync(session, userId, visibleWorkspaceIds, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await events.ChangedAsync(workspaceId, programmeId, "session.reply", cancellationToken);
        return new SessionsSaved([SessionDto.From(session)], warnings);
    }

    /// <summary>A coordinator invites a member, answers for them, or records whether they attended.</summary>
    public async Task<ParticipantDto> SetParticipantAsync(Guid workspaceId, Guid programmeId, Guid sessionId, string userId, ParticipantInput input, CancellationToken cancellationToken)
    {
        var session = await FindAsync(workspaceId, programmeId, sessionId, cancellationToken);
        if (!await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken))
        {
            throw ProblemException.Invalid("userId", "Only members of the workspace can take part in its sessions.");
        }

        if (input.Reply is { } reply)
        {
            if (!Enum.IsDefined(reply))
            {
                throw ProblemException.Invalid("reply", "The reply is noReply, accepted, tentative or declined.");
            }

            SetReply(session, userId, reply);
        }
        else if (session.Participants.All(p => p.UserId != userId))
        {
            session.Participants.Add(new SessionParticipant { SessionId = session.Id, UserId = userId });
        }

        var participant = session.Participants.Single(p => p.UserId == userId);
        if (input.Attended is { } attended)
        {
            if (session.StartUtc > clock.GetUtcNow().UtcDateTime)
            {
                throw ProblemException.Invalid("attended", "Attendance can be recorded once the session has begun.");
            }

            participant.Attended = attended;
        }

        await db.SaveChangesAsync(cancellationToken);
        await events.ChangedAsync(workspaceId, programmeId, "session.participants", cancellationToken);
        return (await ParticipantsAsync(workspaceId, programmeId, sessionId, cancellationToken)).Single(p => p.UserId == userId);
    }

    public async Task<List<ParticipantDto>> ParticipantsAsync(Guid workspaceId, Guid programmeId, Guid sessionId, CancellationToken cancellationToken)
    {
        await FindAsync(workspaceId, programmeId, sessionId, cancellationToken);
        return await db.Set<SessionParticipant>().AsNoTracking().Where(p => p.SessionId == sessionId)
            .OrderBy(p => p.User!.DisplayName)
            .Select(p => new ParticipantDto(p.UserId, p.User!.DisplayName, p.User.Office != null ? p.User.Office.Name : null, p.Reply, p.RepliedAt, p.Attended))
            .ToListAsync(cancellationToken);
    }

    private void SetReply(ProgrammeSession session, string userId, ParticipantReply reply)
    {
        var participant = session.Participants.FirstOrDefault(p => p.UserId == userId);
        if (reply == ParticipantReply.Accepted && participant?.Reply != ParticipantReply.Accepted && session.Capacity is { } capacity
            && session.Participants.Count(p => p.Reply == ParticipantReply.Accepted) >= capacity)
        {
            throw ProblemException.Conflict($"This session is full: all {capacity} places are taken. You can answer tentative.");
        }

        if (participant is null)
        {
            participant = new SessionParticipant { SessionId = session.Id, UserId = userId };
            session.Participants.Add(participant);
        }

        participant.Reply = reply;
        participant.RepliedAt = clock.GetUtcNow().UtcDateTime;
    }

    internal sealed record Plan(string Title, Instant Start, Instant End, DateTimeZone Zone, string? Location, string? OnlineLink, int? Capacity, List<Guid> OfficeIds);

    internal async Task<Plan> ValidateAsync(Programme programme, SessionInput input, CancellationToken cancellationToken)
    {
        if (programme.Status is ProgrammeStatus.Cancelled or ProgrammeStatus.Completed)
        {
            throw ProblemException.Conflict($"The programme is {programme.Status.ToString().ToLowerInvariant()}; change its status before adding or moving sessions.");
        }

        var zone = input.TimeZone is null
            ? ZoneTimes.Find(await db.Offices.Where(o => o.Id == programme.HostOfficeId).Select(o => o.TimeZone).FirstAsync(cancellationToken)) ?? DateTimeZone.Utc
            : ZoneTimes.Require(input.TimeZone, "timeZone");
        var start = ZoneTimes.ParseMoment(input.Start, zone, "start");
        var end = ZoneTimes.ParseMoment(input.End, zone, "end");
        if (end <= start)
        {
            throw ProblemException.Invalid("end", "The session must end after it starts.");
        }

        var maxHours = options.Value.MaxSessionHours;
        if (end - start > Duration.FromHours(maxHours))
        {
            throw ProblemException.Invalid("end", $"A session lasts at most {maxHours} hours; plan a longer event as several sessions.");
        }

        var title = input.Title?.Trim() ?? "";
        if (title.Length > ProgrammeSession.TitleMaxLength || title.Any(char.IsControl))
        {
            throw ProblemException.Invalid("title", $"A session title has at most {ProgrammeSession.TitleMaxLength} characters and no control characters.");
        }

        var location = string.IsNullOrWhiteSpace(input.Location) ? null : input.Location.Trim();
        if (location is { Length: > ProgrammeSession.LocationMaxLength })
        {
            throw ProblemException.Invalid("location", $"A location has at most {ProgrammeSession.LocationMaxLength} characters.");
        }

        var link = string.IsNullOrWhiteSpace(input.OnlineLink) ? null : input.OnlineLink.Trim();
        if (link is not null && (link.Length > ProgrammeSession.LinkMaxLength || !Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http")))
        {
            throw ProblemException.Invalid("onlineLink", "The online link is a full http or https address, such as https://meet.example.org/room.");
        }

        if (input.Capacity is < 1 or > 100_000)
        {
            throw ProblemException.Invalid("capacity", "The capacity is between 1 and 100000 places, or empty for no limit.");
        }

        var allowed = programme.OfficeIds.ToHashSet();
        var offices = input.OfficeIds is { Count: > 0 } chosen ? chosen.Distinct().ToList() : [.. allowed];
        var outsider = offices.FirstOrDefault(id => !allowed.Contains(id));
        if (outsider != Guid.Empty)
        {
            throw ProblemException.Invalid("officeIds", $"Office {outsider} does not take part in this programme. Add it to the programme's partner offices first.");
        }

        return new Plan(title, start, end, zone, location, link, input.Capacity, offices);
    }
}
