namespace Cooperation.Web.Programmes;

public enum ProgrammeKind
{
    Training,
    Seminar,
    ExaminerExchange,
    WorkingGroup,
    Conference,
}

public enum ProgrammeStatus
{
    Draft,
    Scheduled,
    Cancelled,
    Completed,
}

/// <summary>A training, seminar, exchange or meeting series planned in one workspace, hosted by one office.</summary>
public sealed class Programme
{
    public const int TitleMaxLength = 200;
    public const int DescriptionMaxLength = 4_000;
    public const int MaxDocuments = 50;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Title { get; set; }
    public ProgrammeKind Kind { get; set; }
    public Guid HostOfficeId { get; set; }

    /// <summary>Offices taking part besides the host; never contains the host.</summary>
    public List<Guid> PartnerOfficeIds { get; set; } = [];

    public string Description { get; set; } = "";

    /// <summary>Ids of documents in the same workspace that belong to the programme (agenda, materials).</summary>
    public List<Guid> DocumentIds { get; set; } = [];

    public ProgrammeStatus Status { get; set; }
    public required string CreatedById { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public IEnumerable<Guid> OfficeIds => PartnerOfficeIds.Prepend(HostOfficeId);
}

public enum SessionStatus
{
    Scheduled,
    Cancelled,
}

/// <summary>
/// One meeting of a programme: an interval between two instants, shown in the host's IANA zone. A recurring series
/// is stored as one row per occurrence sharing a <see cref="SeriesId"/>, so each can be moved or cancelled alone.
/// </summary>
public sealed class ProgrammeSession
{
    public const int TitleMaxLength = 200;
    public const int LocationMaxLength = 300;
    public const int LinkMaxLength = 1_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid ProgrammeId { get; init; }

    /// <summary>Copied from the programme so that access filters need no join.</summary>
    public Guid WorkspaceId { get; init; }

    public string Title { get; set; } = "";
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }

    /// <summary>IANA zone the session is planned in (normally the host office's).</summary>
    public string TimeZone { get; set; } = "UTC";

    public string? Location { get; set; }
    public string? OnlineLink { get; set; }
    public int? Capacity { get; set; }

    /// <summary>Offices taking part in this session: the programme's host and some or all of its partners.</summary>
    public List<Guid> OfficeIds { get; set; } = [];

    public SessionStatus Status { get; set; }

    /// <summary>iCalendar SEQUENCE: raised on every change so that calendar clients replace their copy.</summary>
    public int Sequence { get; set; }

    public Guid? SeriesId { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime UpdatedAt { get; set; }

    public Programme? Programme { get; init; }
    public List<SessionParticipant> Participants { get; init; } = [];
}

public enum ParticipantReply
{
    NoReply,
    Accepted,
    Tentative,
    Declined,
}

public sealed class SessionParticipant
{
    public Guid SessionId { get; init; }
    public required string UserId { get; init; }
    public ParticipantReply Reply { get; set; }
    public DateTime? RepliedAt { get; set; }

    /// <summary>Recorded by a coordinator after the session; null until then.</summary>
    public bool? Attended { get; set; }

    public Accounts.AppUser? User { get; init; }
}

/// <summary>A whole local day on which an office is closed.</summary>
public sealed class OfficeHoliday
{
    public const int NameMaxLength = 200;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid OfficeId { get; init; }
    public DateOnly Date { get; init; }
    public string Name { get; set; } = "";
}

/// <summary>A secret calendar feed address: a person's agenda, or one workspace's programmes. Only the hash is stored.</summary>
public sealed class CalendarSubscription
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string UserId { get; init; }

    /// <summary>Null for a person's own agenda.</summary>
    public Guid? WorkspaceId { get; init; }

    public required string SecretHash { get; init; }
    public DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// One reminder for one person through one channel. The row is the claim ticket: an instance owns it only after a
/// conditional UPDATE succeeds, so two instances or a restart never deliver it twice.
/// </summary>
public sealed class SessionReminder
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid SessionId { get; init; }
    public required string UserId { get; init; }
    public required string Channel { get; init; }
    public int LeadMinutes { get; init; }
    public DateTime DueAtUtc { get; init; }
    public string? ClaimedBy { get; set; }
    public DateTime? ClaimedAtUtc { get; set; }
    public DateTime? SentAtUtc { get; set; }

    /// <summary>True when the session had already begun or been cancelled, so nothing was sent.</summary>
    public bool Skipped { get; set; }
}
