using System.Security.Claims;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Workspaces;

/// <summary>What one person may do in one workspace. A null role means the workspace is invisible to them.</summary>
public sealed record WorkspaceAccessInfo(Guid WorkspaceId, WorkspaceRole? Role, bool IsArchived, bool IsMember)
{
    public bool CanRead => Role is not null;

    /// <summary>Members, and administrators (the only non-members with the coordinator role); not the readers of a public workspace.</summary>
    public bool CanSeeMembers => IsMember || Role == WorkspaceRole.Coordinator;
}

/// <summary>
/// The one place that decides who may see and do what in a workspace. Endpoints, hub methods, search and
/// the bot all ask it, so the rules cannot drift apart.
/// </summary>
public sealed class WorkspaceAccess(CooperationDb db)
{
    public async Task<WorkspaceAccessInfo> GetAsync(ClaimsPrincipal user, Guid workspaceId, CancellationToken cancellationToken)
    {
        var userId = user.Identity?.IsAuthenticated == true ? user.UserId() : null;
        return await GetAsync(userId, user.IsAdministrator(), workspaceId, cancellationToken);
    }

    public async Task<WorkspaceAccessInfo> GetAsync(string? userId, bool isAdministrator, Guid workspaceId, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking()
            .Where(w => w.Id == workspaceId)
            .Select(w => new
            {
                w.IsPublic,
                w.IsArchived,
                Role = w.Members.Where(m => m.UserId == userId).Select(m => (WorkspaceRole?)m.Role).FirstOrDefault(),
            })
            .FirstOrDefaultAsync(cancellationToken);

        if (workspace is null || userId is null)
        {
            return new WorkspaceAccessInfo(workspaceId, null, false, false);
        }

        // Administrators run the installation, so they can manage any workspace (for example one whose
        // coordinators have left). Public workspaces are readable by every signed-in person.
        var role = isAdministrator ? WorkspaceRole.Coordinator
            : workspace.Role ?? (workspace.IsPublic ? WorkspaceRole.Observer : null);
        return new WorkspaceAccessInfo(workspaceId, role, workspace.IsArchived, workspace.Role is not null);
    }

    /// <summary>Ids of every workspace the person may read, for filtering lists and searches in the database or index.</summary>
    public async Task<List<Guid>> ReadableWorkspaceIdsAsync(string? userId, bool isAdministrator, CancellationToken cancellationToken) =>
        await ReadableWorkspaces(userId, isAdministrator).Select(w => w.Id).ToListAsync(cancellationToken);

    public Task<List<Guid>> ReadableWorkspaceIdsAsync(ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ReadableWorkspaceIdsAsync(user.Identity?.IsAuthenticated == true ? user.UserId() : null, user.IsAdministrator(), cancellationToken);

    public IQueryable<Workspace> ReadableWorkspaces(string? userId, bool isAdministrator) =>
        userId is null ? db.Workspaces.Where(_ => false)
        : isAdministrator ? db.Workspaces
        : db.Workspaces.Where(w => w.IsPublic || w.Members.Any(m => m.UserId == userId));

    /// <summary>Only public workspaces: what a person who is not signed in to the hub (an unlinked Teams user) may read.</summary>
    public Task<List<Guid>> PublicWorkspaceIdsAsync(CancellationToken cancellationToken) =>
        db.Workspaces.Where(w => w.IsPublic).Select(w => w.Id).ToListAsync(cancellationToken);
}

/// <summary>
/// Something changed that may end someone's read access: a workspace made private or archived, a member removed or
/// demoted, a token revoked, an account locked, demoted or deleted. A null part means "any": a workspace change names
/// no person, an account change names no workspace.
/// </summary>
public sealed record AccessChange(Guid? WorkspaceId = null, string? UserId = null)
{
    public static readonly AccessChange Anything = new();
}

/// <summary>Told after an access change is saved, so that what is already open (live hub connections) follows it.</summary>
public interface IAccessObserver
{
    Task AccessChangedAsync(AccessChange change, CancellationToken cancellationToken);
}

/// <summary>A minimum role; <see cref="Writes"/> marks actions refused in archived workspaces.</summary>
public sealed record WorkspaceRequirement(WorkspaceRole Minimum, bool Writes) : IAuthorizationRequirement
{
    public static readonly WorkspaceRequirement Read = new(WorkspaceRole.Observer, false);
    public static readonly WorkspaceRequirement Contribute = new(WorkspaceRole.Member, true);
    public static readonly WorkspaceRequirement Manage = new(WorkspaceRole.Coordinator, true);

    /// <summary>Coordinator actions that must stay possible on an archived workspace (unarchive, audit).</summary>
    public static readonly WorkspaceRequirement ManageArchived = new(WorkspaceRole.Coordinator, false);
}

internal sealed class WorkspaceAuthorizationHandler : AuthorizationHandler<WorkspaceRequirement, WorkspaceAccessInfo>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WorkspaceRequirement requirement, WorkspaceAccessInfo resource)
    {
        if (resource.Role >= requirement.Minimum && !(requirement.Writes && resource.IsArchived))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
