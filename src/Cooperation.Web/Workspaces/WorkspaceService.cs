using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Workspaces;

public sealed record WorkspaceInput(string Name, string? Description, bool IsPublic = false);

public sealed record WorkspaceUpdate(string? Name, string? Description, bool? IsPublic);

public sealed record WorkspaceSummary(Guid Id, string Name, string Description, bool IsPublic, bool IsArchived, WorkspaceRole? MyRole, int MemberCount);

public sealed record MemberDto(string UserId, string DisplayName, string Email, string? OfficeName, WorkspaceRole Role, DateTime JoinedAt);

public sealed record AuditEntryDto(long Id, string Actor, string Action, string Details, DateTime At);

/// <summary>Told about membership changes so that connected clients can react (a removed member is dropped at once).</summary>
public interface IMembershipObserver
{
    Task MembershipChangedAsync(Guid workspaceId, string userId, WorkspaceRole? newRole, CancellationToken cancellationToken);
}

/// <summary>Workspace life cycle and membership. Shared by the API, the pages and the CLI.</summary>
public sealed class WorkspaceService(CooperationDb db, TimeProvider clock, IEnumerable<IMembershipObserver> observers, IEnumerable<IAccessObserver> accessObservers)
{
    public async Task<List<WorkspaceSummary>> ListAsync(string userId, bool isAdministrator, bool includeArchived, CancellationToken cancellationToken)
    {
        var query = new WorkspaceAccess(db).ReadableWorkspaces(userId, isAdministrator);
        if (!includeArchived)
        {
            query = query.Where(w => !w.IsArchived);
        }

        var rows = await query.OrderBy(w => w.Name)
            .Select(w => new
            {
                w.Id, w.Name, w.Description, w.IsPublic, w.IsArchived,
                Role = w.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
                Count = w.Members.Count,
            })
            .ToListAsync(cancellationToken);
        return rows.Select(w => new WorkspaceSummary(w.Id, w.Name, w.Description, w.IsPublic, w.IsArchived,
            isAdministrator ? WorkspaceRole.Coordinator : w.Role ?? (w.IsPublic ? WorkspaceRole.Observer : null), w.Count)).ToList();
    }

    public async Task<WorkspaceSummary> GetAsync(Guid workspaceId, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var w = await db.Workspaces.AsNoTracking().Where(w => w.Id == workspaceId)
            .Select(w => new { w.Id, w.Name, w.Description, w.IsPublic, w.IsArchived, Count = w.Members.Count })
            .FirstOrDefaultAsync(cancellationToken) ?? throw ProblemException.NotFound("Workspace");
        return new WorkspaceSummary(w.Id, w.Name, w.Description, w.IsPublic, w.IsArchived, access.Role, w.Count);
    }

    public async Task<WorkspaceSummary> CreateAsync(string userId, WorkspaceInput input, CancellationToken cancellationToken)
    {
        if (input.IsPublic)
        {
            await EnsureMayPublishAsync(userId, cancellationToken);
        }

        var name = await ValidNameAsync(input.Name, null, cancellationToken);
        var workspace = new Workspace { Name = name, Description = ValidDescription(input.Description), IsPublic = input.IsPublic };
        workspace.Members.Add(new Membership { UserId = userId, Role = WorkspaceRole.Coordinator, JoinedAt = Now });
        db.Workspaces.Add(workspace);
        Audit(workspace.Id, userId, "workspace.created", name);
        if (input.IsPublic)
        {
            Audit(workspace.Id, userId, "workspace.made-public", "");
        }

        await SaveUniqueAsync(name, cancellationToken);
        return new WorkspaceSummary(workspace.Id, workspace.Name, workspace.Description, workspace.IsPublic, false, WorkspaceRole.Coordinator, 1);
    }

    public async Task<WorkspaceSummary> UpdateAsync(Guid workspaceId, string actorId, WorkspaceUpdate update, WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        var workspace = await FindAsync(workspaceId, cancellationToken);
        // Checked before anything changes, so that a refused request changes nothing at all.
        if (update.IsPublic == true && !workspace.IsPublic)
        {
            await EnsureMayPublishAsync(actorId, cancellationToken);
        }

        if (update.Name is not null && update.Name.Trim() != workspace.Name)
        {
            var name = await ValidNameAsync(update.Name, workspaceId, cancellationToken);
            Audit(workspaceId, actorId, "workspace.renamed", $"{workspace.Name} -> {name}");
            workspace.Name = name;
        }

        if (update.Description is not null)
        {
            workspace.Description = ValidDescription(update.Description);
        }

        var madePrivate = false;
        if (update.IsPublic is { } isPublic && isPublic != workspace.IsPublic)
        {
            workspace.IsPublic = isPublic;
            madePrivate = !isPublic;
            Audit(workspaceId, actorId, isPublic ? "workspace.made-public" : "workspace.made-private", "");
        }

        await SaveUniqueAsync(workspace.Name, cancellationToken);
        if (madePrivate)
        {
            // Everyone who read it only because it was public loses it now, including their open connections.
            await AccessChangedAsync(new AccessChange(workspaceId), cancellationToken);
        }

        return await GetAsync(workspaceId, access, cancellationToken);
    }

    public async Task SetArchivedAsync(Guid workspaceId, string actorId, bool archived, CancellationToken cancellationToken)
    {
        var workspace = await FindAsync(workspaceId, cancellationToken);
        if (workspace.IsArchived != archived)
        {
            workspace.IsArchived = archived;
            Audit(workspaceId, actorId, archived ? "workspace.archived" : "workspace.unarchived", "");
            await db.SaveChangesAsync(cancellationToken);
            if (archived)
            {
                // Archiving keeps the workspace readable (hub calls refuse writes each time); the review confirms
                // that, and would drop connections if the access rules ever made archived workspaces unreadable.
                await AccessChangedAsync(new AccessChange(workspaceId), cancellationToken);
            }
        }
    }

    /// <summary>
    /// The member list, for members and administrators. A public workspace is read by everyone signed in, but who works
    /// in it (names, emails, offices) is not theirs to list.
    /// </summary>
    public Task<List<MemberDto>> MembersAsync(Guid workspaceId, WorkspaceAccessInfo access, CancellationToken cancellationToken) =>
        access.CanSeeMembers
            ? MembersAsync(workspaceId, cancellationToken)
            : throw ProblemException.Forbidden("The member list of a public workspace is shown to its members only.");

    private Task<List<MemberDto>> MembersAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        db.Memberships.AsNoTracking().Where(m => m.WorkspaceId == workspaceId)
            .OrderByDescending(m => m.Role).ThenBy(m => m.User!.DisplayName)
            .Select(m => new MemberDto(m.UserId, m.User!.DisplayName, m.User.Email!, m.User.Office != null ? m.User.Office.Name : null, m.Role, m.JoinedAt))
            .ToListAsync(cancellationToken);

    /// <summary>Changes the role of a member. Nobody is added this way: people join by accepting an invitation.</summary>
    public async Task SetRoleAsync(Guid workspaceId, string actorId, string userId, WorkspaceRole role, CancellationToken cancellationToken)
    {
        if (!Enum.IsDefined(role))
        {
            throw ProblemException.Invalid("role", "The role is Coordinator, Member or Observer.");
        }

        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken)
            ?? throw new ProblemException(StatusCodes.Status404NotFound, "Member not found",
                "There is no member with that id in this workspace. To add someone, invite them by email: they join when they accept.");
        if (membership.Role == role)
        {
            return;
        }

        if (membership.Role == WorkspaceRole.Coordinator)
        {
            await EnsureAnotherCoordinatorAsync(workspaceId, userId, cancellationToken);
        }

        Audit(workspaceId, actorId, "member.role-changed", $"{await EmailOfAsync(userId, cancellationToken)}: {membership.Role} -> {role}");
        membership.Role = role;
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(workspaceId, userId, role, cancellationToken);
    }

    public async Task RemoveMemberAsync(Guid workspaceId, string actorId, string userId, CancellationToken cancellationToken)
    {
        var membership = await db.Memberships.FirstOrDefaultAsync(m => m.WorkspaceId == workspaceId && m.UserId == userId, cancellationToken)
            ?? throw ProblemException.NotFound("Member");
        if (membership.Role == WorkspaceRole.Coordinator)
        {
            await EnsureAnotherCoordinatorAsync(workspaceId, userId, cancellationToken);
        }

        db.Memberships.Remove(membership);
        Audit(workspaceId, actorId, actorId == userId ? "member.left" : "member.removed", await EmailOfAsync(userId, cancellationToken));
        await db.SaveChangesAsync(cancellationToken);
        await NotifyAsync(workspaceId, userId, null, cancellationToken);
    }

    public async Task<List<AuditEntryDto>> AuditAsync(Guid workspaceId, int take, CancellationToken cancellationToken)
    {
        take = Math.Clamp(take, 1, 500);
        var entries = await db.AuditEntries.AsNoTracking().Where(a => a.WorkspaceId == workspaceId)
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(cancellationToken);
        var actorIds = entries.Select(e => e.ActorId).Distinct().ToList();
        var names = await db.Users.Where(u => actorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return entries.Select(e => new AuditEntryDto(e.Id, names.GetValueOrDefault(e.ActorId, e.ActorId), e.Action, e.Details, e.At)).ToList();
    }

    internal void Audit(Guid workspaceId, string actorId, string action, string details) =>
        db.AuditEntries.Add(new AuditEntry { WorkspaceId = workspaceId, ActorId = actorId, Action = action, Details = details.Length > 1_000 ? details[..1_000] : details, At = Now });

    internal async Task NotifyAsync(Guid workspaceId, string userId, WorkspaceRole? role, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            await observer.MembershipChangedAsync(workspaceId, userId, role, cancellationToken);
        }

        // After the membership event, so that a removed person's connections receive it before they are dropped.
        await AccessChangedAsync(new AccessChange(workspaceId, userId), cancellationToken);
    }

    private async Task AccessChangedAsync(AccessChange change, CancellationToken cancellationToken)
    {
        foreach (var observer in accessObservers)
        {
            await observer.AccessChangedAsync(change, cancellationToken);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<string> EmailOfAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? userId;

    private async Task<Workspace> FindAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Workspaces.FirstOrDefaultAsync(w => w.Id == workspaceId, cancellationToken) ?? throw ProblemException.NotFound("Workspace");

    /// <summary>
    /// A public workspace's documents answer every signed-in person's questions (and unlinked Teams users'), so making
    /// one public is an administrator's decision. Read from the database, not the sign-in's claims, so that an account
    /// that is no longer an administrator cannot publish with an older cookie.
    /// </summary>
    private async Task EnsureMayPublishAsync(string actorId, CancellationToken cancellationToken)
    {
        if (!await db.Users.AnyAsync(u => u.Id == actorId && u.IsAdministrator, cancellationToken))
        {
            throw ProblemException.Forbidden(PublishRefusal);
        }
    }

    private const string PublishRefusal =
        "Only an administrator can make a workspace public, because its documents then answer everyone's questions. Keep it private and ask an administrator.";

    private async Task EnsureAnotherCoordinatorAsync(Guid workspaceId, string userId, CancellationToken cancellationToken)
    {
        if (!await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.UserId != userId && m.Role == WorkspaceRole.Coordinator, cancellationToken))
        {
            throw ProblemException.Conflict("A workspace keeps at least one coordinator. Make someone else coordinator first.");
        }
    }

    private async Task<string> ValidNameAsync(string? name, Guid? existingId, CancellationToken cancellationToken)
    {
        name = name?.Trim() ?? "";
        if (name.Length == 0)
        {
            throw ProblemException.Invalid("name", "Give the workspace a name.");
        }

        if (name.Length > Workspace.NameMaxLength)
        {
            throw ProblemException.Invalid("name", $"A workspace name has at most {Workspace.NameMaxLength} characters.");
        }

        if (name.Any(char.IsControl) || !WorkspaceNames.IsWellFormed(name))
        {
            throw ProblemException.Invalid("name", "A workspace name cannot contain control characters or broken Unicode.");
        }

        // "Rules Library", "rules library" and "RULES LIBRARY" would be told apart by nobody (nor "Über" and "über").
        var normalized = WorkspaceNames.Normalize(name);
        if (await db.Workspaces.AnyAsync(w => w.NormalizedName == normalized && w.Id != existingId, cancellationToken))
        {
            throw DuplicateName(name);
        }

        return name;
    }

    private static string ValidDescription(string? description)
    {
        description = description?.Trim() ?? "";
        return description.Length > Workspace.DescriptionMaxLength
            ? throw ProblemException.Invalid("description", $"A description has at most {Workspace.DescriptionMaxLength} characters.")
            : description;
    }

    // The unique index is the real guard: two people creating the same name at once get a clear conflict, not a 500.
    private async Task SaveUniqueAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw DuplicateName(name);
        }
    }

    private static ProblemException DuplicateName(string name) =>
        new(StatusCodes.Status409Conflict, "Name already taken", $"A workspace named '{name}' already exists. Choose another name.",
            new Dictionary<string, string[]> { ["name"] = [$"A workspace named '{name}' already exists."] });
}
