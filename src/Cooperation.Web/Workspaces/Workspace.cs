namespace Cooperation.Web.Workspaces;

public sealed class Workspace
{
    public const int NameMaxLength = 120;
    public const int DescriptionMaxLength = 4_000;

    public Guid Id { get; init; } = Guid.CreateVersion7();
    public required string Name { get; set; }
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
    public WorkspaceRole Role { get; init; }
    public Guid? OfficeId { get; init; }

    /// <summary>SHA-256 of the secret in the link; the secret itself is never stored.</summary>
    public required string SecretHash { get; init; }

    public required string InvitedById { get; init; }
    public DateTime CreatedAt { get; init; } = DateTime.UtcNow;
    public DateTime ExpiresAt { get; init; }
    public DateTime? AcceptedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
