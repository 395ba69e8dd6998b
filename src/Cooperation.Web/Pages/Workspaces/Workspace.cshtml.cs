using Cooperation.Web.Infrastructure;
using Cooperation.Web.Offices;
using Cooperation.Web.Workspaces;
using Microsoft.AspNetCore.Mvc;

namespace Cooperation.Web.Pages.Workspaces;

public sealed class WorkspaceModel(WorkspaceService workspaces, InvitationService invitations, OfficeService offices, WorkspaceAccess access, SiteAddress site)
    : WorkspacePageModel(access)
{
    public WorkspaceSummary? Workspace { get; private set; }
    public List<MemberDto> Members { get; private set; } = [];
    public List<AuditEntryDto> Audit { get; private set; } = [];
    public List<InvitationSummary> PendingInvitations { get; private set; } = [];
    public List<OfficeDto> Offices { get; private set; } = [];
    public string? InvitationLink { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await LoadAsync(cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostInviteAsync(string email, WorkspaceRole role, Guid? officeId, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, async () =>
        {
            var result = await invitations.InviteAsync(WorkspaceId, User.UserId(), new InvitationInput(email, role, officeId), cancellationToken);
            InvitationLink = site.Absolute(result.Link);
        }, cancellationToken);

    public Task<IActionResult> OnPostRevokeInvitationAsync(Guid invitationId, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, async () =>
        {
            if (!await invitations.RevokeAsync(WorkspaceId, User.UserId(), invitationId, cancellationToken))
            {
                throw ProblemException.Conflict("That invitation is not one of this workspace's. Reload the page.");
            }

            Notice = "The invitation was withdrawn.";
        }, cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(string userId, WorkspaceRole role, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, () => workspaces.SetRoleAsync(WorkspaceId, User.UserId(), userId, role, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostRemoveAsync(string userId, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, () => workspaces.RemoveMemberAsync(WorkspaceId, User.UserId(), userId, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostUpdateAsync(string name, string? description, bool isPublic, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.Manage, () => workspaces.UpdateAsync(WorkspaceId, User.UserId(), new WorkspaceUpdate(name, description ?? "", isPublic), Access!, cancellationToken), cancellationToken);

    public Task<IActionResult> OnPostArchiveAsync(bool archived, CancellationToken cancellationToken) =>
        ActAsync(WorkspaceRequirement.ManageArchived, () => workspaces.SetArchivedAsync(WorkspaceId, User.UserId(), archived, cancellationToken), cancellationToken);

    protected override async Task<bool> LoadContentAsync(WorkspaceAccessInfo access, CancellationToken cancellationToken)
    {
        Workspace = await workspaces.GetAsync(WorkspaceId, access, cancellationToken);
        if (access.CanSeeMembers)
        {
            Members = await workspaces.MembersAsync(WorkspaceId, access, cancellationToken);
        }

        if (access.Role == WorkspaceRole.Coordinator)
        {
            Audit = await workspaces.AuditAsync(WorkspaceId, 50, cancellationToken);
            Offices = await offices.ListAsync(cancellationToken);
            PendingInvitations = (await invitations.ListAsync(WorkspaceId, cancellationToken)).Where(i => i.Status == InvitationStatus.Pending).ToList();
        }

        return true;
    }
}
