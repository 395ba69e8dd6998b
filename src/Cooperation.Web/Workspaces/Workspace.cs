namespace Cooperation.Web.Workspaces;

public sealed class Workspace
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 4_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public required string Name
    {
        get => _name;
        set
        {
            _name = value;
            NormalizedName = WorkspaceNames.Normalize(value);
        }
    }

    /// <summary>
    /// <see cref="Name"/> as names are compared (<see cref="WorkspaceNames.Normalize"/>), kept with it by its setter. The
    /// unique index is on this column: SQLite's lower() and upper() know only ASCII, so the database cannot compare
    /// "Über" and "über" itself.
    /// </summary>
    public string NormalizedName { get; private set; } = "";

    private string _name = "";
    public string Description { get; set; } = "";

    /// <summary>Readable by every signed-in person (the shared rules library is such a workspace).</summary>
    public bool IsPublic { get; set; }

    /// <summary>Archived workspaces are read-only and hidden from the default list; never hard-deleted from the UI.</summary>
    public bool IsArchived { get; set; }

    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public List<Membership> Members { get; init; } = [];
}

/// <summary>Ordered: a higher role can do everything a lower one can.</summary>
public enum WorkspaceRole
{
    Observer = 0,
    Member = 1,
    Coordinator = 2,
}

public sealed class Membership
{
    public Guid WorkspaceId { get; init; }
    public required string UserId { get; init; }
    public WorkspaceRole Role { get; set; }
    public DateTime JoinedAt { get; init; } = DateTime.UtcNow;

    public Workspace? Workspace { get; init; }
    public Accounts.AppUser? User { get; init; }
}

/// <summary>Who changed membership or roles, and when. Shown to coordinators.</summary>
public sealed class AuditEntry
{
    public long Id { get; init; }
    public Guid WorkspaceId { get; init; }
    public required string ActorId { get; init; }
    public required string Action { get; init; }
    public string Details { get; init; } = "";
    public DateTime At { get; init; } = DateTime.UtcNow;
}

public sealed class Invitation
{
    public Guid Id { get; init; } = Guid.CreateVersion7();
    public Guid WorkspaceId { get; init; }
    public required string Email { get; init; }

    /// <summary>The email as Identity normalizes it (ILookupNormalizer), to find the invitations of a signed-in account.</summary>
    public required string NormalizedEmail { get; init; }

    public WorkspaceRole Role { get; init; }
    public Guid? OfficeId { get; init; }

    /// <summary>SHA-256 of the secret in the link; the secret itself is never stored.</summary>
    public required string SecretHash { get; init; }

    public required string InvitedById { get; init; }
    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; init; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>Set when the invited person (with an account) said no.</summary>
    public DateTime? DeclinedAt { get; set; }

    public InvitationStatus StatusAt(DateTime now) =>
        AcceptedAt is not null ? InvitationStatus.Accepted
        : DeclinedAt is not null ? InvitationStatus.Declined
        : RevokedAt is not null ? InvitationStatus.Revoked
        : ExpiresAt <= now ? InvitationStatus.Expired
        : InvitationStatus.Pending;
}

public enum InvitationStatus
{
    Pending,
    Accepted,
    Declined,
    Revoked,
    Expired,
}
