using System.ComponentModel.DataAnnotations;
using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Workspaces;

public sealed record InvitationInput(string Email, WorkspaceRole Role = WorkspaceRole.Member, Guid? OfficeId = null);

/// <summary>
/// Either the person already had an account and was added at once, or a one-time link was made; it is shown to the
/// coordinator (there is no mail server to depend on) and is valid until <see cref="ExpiresAt"/>.
/// </summary>
public sealed record InvitationResult(Guid? InvitationId, string Email, WorkspaceRole Role, bool AddedExistingAccount, string? Link, DateTime? ExpiresAt);

public sealed record InvitationSummary(Guid Id, string Email, WorkspaceRole Role, DateTime CreatedAt, DateTime ExpiresAt, DateTime? AcceptedAt, DateTime? RevokedAt);

public sealed record InvitationPreview(string WorkspaceName, string Email, WorkspaceRole Role);

public sealed record AcceptInvitationInput(string Token, string DisplayName, string Password);

public sealed class InvitationService(CooperationDb db, UserManager<AppUser> users, WorkspaceService workspaces, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    public async Task<InvitationResult> InviteAsync(Guid workspaceId, string actorId, InvitationInput input, CancellationToken cancellationToken)
    {
        var email = input.Email?.Trim() ?? "";
        if (email.Length is 0 or > 256 || !new EmailAddressAttribute().IsValid(email))
        {
            throw ProblemException.Invalid("email", $"'{input.Email}' is not an email address.");
        }

        if (!Enum.IsDefined(input.Role))
        {
            throw ProblemException.Invalid("role", "The role is Coordinator, Member or Observer.");
        }

        if (input.OfficeId is { } officeId && !await db.Offices.AnyAsync(o => o.Id == officeId, cancellationToken))
        {
            throw ProblemException.Invalid("officeId", "There is no office with that id.");
        }

        var existing = await users.FindByEmailAsync(email);
        if (existing is not null)
        {
            await workspaces.SetRoleAsync(workspaceId, actorId, existing.Id, input.Role, cancellationToken);
            return new InvitationResult(null, email, input.Role, true, null, null);
        }

        var secret = Secrets.New("");
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = new Invitation
        {
            WorkspaceId = workspaceId,
            Email = email,
            Role = input.Role,
            OfficeId = input.OfficeId,
            SecretHash = Secrets.Hash(secret),
            InvitedById = actorId,
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        };
        db.Invitations.Add(invitation);
        workspaces.Audit(workspaceId, actorId, "member.invited", $"{email} as {input.Role}");
        await db.SaveChangesAsync(cancellationToken);
        return new InvitationResult(invitation.Id, email, input.Role, false, LinkFor(secret), invitation.ExpiresAt);
    }

    public static string LinkFor(string secret) => $"/account/invitation/{secret}";

    public Task<List<InvitationSummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        db.Invitations.AsNoTracking().Where(i => i.WorkspaceId == workspaceId).OrderByDescending(i => i.CreatedAt)
            .Select(i => new InvitationSummary(i.Id, i.Email, i.Role, i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.RevokedAt))
            .ToListAsync(cancellationToken);

    public async Task<bool> RevokeAsync(Guid workspaceId, string actorId, Guid invitationId, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.WorkspaceId == workspaceId, cancellationToken);
        if (invitation is null)
        {
            return false;
        }

        if (invitation.AcceptedAt is null && invitation.RevokedAt is null)
        {
            invitation.RevokedAt = clock.GetUtcNow().UtcDateTime;
            workspaces.Audit(workspaceId, actorId, "invitation.revoked", invitation.Email);
            await db.SaveChangesAsync(cancellationToken);
        }

        return true;
    }

    public async Task<InvitationPreview> PreviewAsync(string token, CancellationToken cancellationToken)
    {
        var invitation = await UsableAsync(token, cancellationToken);
        var name = await db.Workspaces.Where(w => w.Id == invitation.WorkspaceId).Select(w => w.Name).FirstAsync(cancellationToken);
        return new InvitationPreview(name, invitation.Email, invitation.Role);
    }

    /// <summary>Creates the invitee's account and membership in one transaction; the link cannot be used again.</summary>
    public async Task<AppUser> AcceptAsync(AcceptInvitationInput input, CancellationToken cancellationToken)
    {
        var invitation = await UsableAsync(input.Token, cancellationToken);
        var displayName = input.DisplayName?.Trim() ?? "";
        if (displayName.Length is 0 or > AppUser.DisplayNameMaxLength)
        {
            throw ProblemException.Invalid("displayName", $"Your name has 1 to {AppUser.DisplayNameMaxLength} characters.");
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = new AppUser { UserName = invitation.Email, Email = invitation.Email, EmailConfirmed = true, DisplayName = displayName, OfficeId = invitation.OfficeId };
        var created = await users.CreateAsync(user, input.Password ?? "");
        if (!created.Succeeded)
        {
            throw ProblemException.Invalid(created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email",
                string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        invitation.AcceptedAt = clock.GetUtcNow().UtcDateTime;
        db.Memberships.Add(new Membership { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role, JoinedAt = invitation.AcceptedAt.Value });
        workspaces.Audit(invitation.WorkspaceId, user.Id, "invitation.accepted", $"{invitation.Email} as {invitation.Role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await workspaces.NotifyAsync(invitation.WorkspaceId, user.Id, invitation.Role, cancellationToken);
        return user;
    }

    private async Task<Invitation> UsableAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token ?? "");
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.SecretHash == hash, cancellationToken);
        var problem = invitation switch
        {
            null => "This invitation link is not valid. Check that you copied all of it, or ask the coordinator for a new one.",
            { AcceptedAt: not null } => "This invitation link has already been used. Sign in with the account it created.",
            { RevokedAt: not null } => "This invitation was withdrawn. Ask the coordinator for a new one.",
            _ when invitation.ExpiresAt <= clock.GetUtcNow().UtcDateTime => "This invitation link has expired. Ask the coordinator for a new one.",
            _ => null,
        };
        return problem is null ? invitation! : throw new ProblemException(StatusCodes.Status400BadRequest, "Invitation not usable", problem);
    }
}
