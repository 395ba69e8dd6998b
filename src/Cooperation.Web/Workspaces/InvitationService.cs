using System.ComponentModel.DataAnnotations;
using Cooperation.Web.Accounts;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Cooperation.Web.Workspaces;

public sealed record InvitationInput(string Email, WorkspaceRole Role = WorkspaceRole.Member, Guid? OfficeId = null);

/// <summary>
/// The same answer whether or not the email already has an account, so that inviting tells nobody who has one. The
/// one-time link is shown to the coordinator (there is no mail server to depend on) and is valid until
/// <see cref="ExpiresAt"/>; a person who already has an account also finds the invitation on the site after signing in.
/// </summary>
public sealed record InvitationResult(Guid InvitationId, string Email, WorkspaceRole Role, string Link, DateTime ExpiresAt);

public sealed record InvitationSummary(Guid Id, string Email, WorkspaceRole Role, InvitationStatus Status, DateTime CreatedAt, DateTime ExpiresAt,
    DateTime? AcceptedAt, DateTime? RevokedAt, DateTime? DeclinedAt);

/// <summary>An invitation waiting for the signed-in person's answer.</summary>
public sealed record ReceivedInvitation(Guid Id, Guid WorkspaceId, string WorkspaceName, WorkspaceRole Role, string InvitedBy, DateTime ExpiresAt);

public sealed record InvitationPreview(string WorkspaceName, string Email, WorkspaceRole Role);

public sealed record AcceptInvitationInput(string Token, string DisplayName, string Password);

/// <summary>
/// Invitations are invitations: nobody becomes a member of a workspace without saying yes. A person without an account
/// says yes by creating one through the link; a person with an account accepts (or declines) the invitation on the
/// site, from the link or from their workspaces page.
/// </summary>
public sealed class InvitationService(CooperationDb db, UserManager<AppUser> users, ILookupNormalizer normalizer, WorkspaceService workspaces, TimeProvider clock)
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

        // Only a member's email is checked against accounts: the coordinator sees the member list anyway.
        var normalizedEmail = normalizer.NormalizeEmail(email);
        if (await db.Memberships.AnyAsync(m => m.WorkspaceId == workspaceId && m.User!.NormalizedEmail == normalizedEmail, cancellationToken))
        {
            throw ProblemException.Conflict($"{email} is already a member of this workspace. Change their role in the member list instead.");
        }

        var now = Now;
        // A new invitation replaces one still open for the same person, so only the newest link works.
        await db.Invitations
            .Where(i => i.WorkspaceId == workspaceId && i.NormalizedEmail == normalizedEmail && i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);

        var secret = Secrets.New("");
        var invitation = new Invitation
        {
            WorkspaceId = workspaceId,
            Email = email,
            NormalizedEmail = normalizedEmail,
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
        return new InvitationResult(invitation.Id, email, input.Role, LinkFor(secret), invitation.ExpiresAt);
    }

    public static string LinkFor(string secret) => $"/account/invitation/{secret}";

    public async Task<List<InvitationSummary>> ListAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var invitations = await db.Invitations.AsNoTracking().Where(i => i.WorkspaceId == workspaceId).OrderByDescending(i => i.CreatedAt).ToListAsync(cancellationToken);
        var now = Now;
        return invitations.Select(i => new InvitationSummary(i.Id, i.Email, i.Role, i.StatusAt(now), i.CreatedAt, i.ExpiresAt, i.AcceptedAt, i.RevokedAt, i.DeclinedAt)).ToList();
    }

    /// <summary>Withdraws an invitation that has not been answered. False when the workspace has no such invitation.</summary>
    public async Task<bool> RevokeAsync(Guid workspaceId, string actorId, Guid invitationId, CancellationToken cancellationToken)
    {
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.WorkspaceId == workspaceId, cancellationToken);
        if (invitation is null)
        {
            return false;
        }

        switch (invitation.StatusAt(Now))
        {
            case InvitationStatus.Accepted:
                throw ProblemException.Conflict($"This invitation was already accepted: {invitation.Email} is a member now. Remove them from the member list instead.");
            case InvitationStatus.Declined:
                throw ProblemException.Conflict("This invitation was already declined; there is nothing to withdraw.");
            case InvitationStatus.Revoked:
                return true;
        }

        invitation.RevokedAt = Now;
        workspaces.Audit(workspaceId, actorId, "invitation.revoked", invitation.Email);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>Open invitations addressed to the person's email, to workspaces they are not in yet.</summary>
    public async Task<List<ReceivedInvitation>> ReceivedAsync(string userId, CancellationToken cancellationToken)
    {
        var email = await NormalizedEmailOfAsync(userId, cancellationToken);
        var now = Now;
        var rows = await db.Invitations.AsNoTracking()
            .Where(i => i.NormalizedEmail == email && i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .Join(db.Workspaces.Where(w => !w.IsArchived && !w.Members.Any(m => m.UserId == userId)), i => i.WorkspaceId, w => w.Id,
                (i, w) => new { i.Id, i.WorkspaceId, w.Name, i.Role, i.InvitedById, i.ExpiresAt })
            .OrderBy(r => r.ExpiresAt)
            .ToListAsync(cancellationToken);
        var inviterIds = rows.Select(r => r.InvitedById).Distinct().ToList();
        var inviters = await db.Users.Where(u => inviterIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        return rows.Select(r => new ReceivedInvitation(r.Id, r.WorkspaceId, r.Name, r.Role, inviters.GetValueOrDefault(r.InvitedById, ""), r.ExpiresAt)).ToList();
    }

    /// <summary>The signed-in person accepts an invitation addressed to them; they become a member with its role.</summary>
    public async Task<Guid> AcceptAsync(string userId, Guid invitationId, CancellationToken cancellationToken) =>
        await AnswerAsync(await AddressedToAsync(userId, db.Invitations.Where(i => i.Id == invitationId), cancellationToken), userId, accept: true, cancellationToken);

    /// <summary>The signed-in person declines an invitation addressed to them; nothing else changes.</summary>
    public async Task DeclineAsync(string userId, Guid invitationId, CancellationToken cancellationToken) =>
        await AnswerAsync(await AddressedToAsync(userId, db.Invitations.Where(i => i.Id == invitationId), cancellationToken), userId, accept: false, cancellationToken);

    /// <summary>The link's invitation, answered by the signed-in person it is addressed to.</summary>
    public async Task<Guid> AnswerLinkAsync(string userId, string token, bool accept, CancellationToken cancellationToken)
    {
        var invitation = await UsableAsync(token, cancellationToken);
        if (invitation.NormalizedEmail != await NormalizedEmailOfAsync(userId, cancellationToken))
        {
            throw ProblemException.Forbidden($"This invitation is for {invitation.Email}, not for the account you are signed in with. Sign out to use it, or ask the coordinator to invite your own address.");
        }

        return await AnswerAsync(invitation, userId, accept, cancellationToken);
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
            if (created.Errors.Any(e => e.Code is nameof(IdentityErrorDescriber.DuplicateEmail) or nameof(IdentityErrorDescriber.DuplicateUserName)))
            {
                // Only the holder of the link learns this, and only by using it.
                throw ProblemException.Conflict("An account with this email address already exists. Sign in with it: the invitation is waiting on your workspaces page.");
            }

            throw ProblemException.Invalid(created.Errors.Any(e => e.Code.StartsWith("Password", StringComparison.Ordinal)) ? "password" : "email",
                string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        invitation.AcceptedAt = Now;
        db.Memberships.Add(new Membership { WorkspaceId = invitation.WorkspaceId, UserId = user.Id, Role = invitation.Role, JoinedAt = invitation.AcceptedAt.Value });
        workspaces.Audit(invitation.WorkspaceId, user.Id, "invitation.accepted", $"{invitation.Email} as {invitation.Role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await workspaces.NotifyAsync(invitation.WorkspaceId, user.Id, invitation.Role, cancellationToken);
        return user;
    }

    /// <summary>
    /// Brings stored <see cref="Invitation.NormalizedEmail"/> values in line with Identity's normalizer: the migration
    /// that added the column filled it with SQL upper(), which on SQLite leaves non-ASCII letters as they are.
    /// </summary>
    public static async Task BackfillNormalizedEmailsAsync(CooperationDb db, ILookupNormalizer normalizer, CancellationToken cancellationToken)
    {
        var open = await db.Invitations.Where(i => i.AcceptedAt == null && i.DeclinedAt == null && i.RevokedAt == null)
            .Select(i => new { i.Id, i.Email, i.NormalizedEmail }).ToListAsync(cancellationToken);
        foreach (var stale in open.Where(i => i.NormalizedEmail != normalizer.NormalizeEmail(i.Email)))
        {
            var normalized = normalizer.NormalizeEmail(stale.Email);
            await db.Invitations.Where(i => i.Id == stale.Id).ExecuteUpdateAsync(s => s.SetProperty(i => i.NormalizedEmail, normalized), cancellationToken);
        }
    }

    private async Task<Guid> AnswerAsync(Invitation invitation, string userId, bool accept, CancellationToken cancellationToken)
    {
        if (!accept)
        {
            invitation.DeclinedAt = Now;
            workspaces.Audit(invitation.WorkspaceId, userId, "invitation.declined", invitation.Email);
            await db.SaveChangesAsync(cancellationToken);
            return invitation.WorkspaceId;
        }

        if (await db.Workspaces.AnyAsync(w => w.Id == invitation.WorkspaceId && w.IsArchived, cancellationToken))
        {
            throw ProblemException.Conflict("This workspace is archived and read-only, so nobody can join it now. Ask the coordinator.");
        }

        invitation.AcceptedAt = Now;
        // Already a member (an administrator, or added again meanwhile): the invitation is used up and the role stays.
        var joined = !await db.Memberships.AnyAsync(m => m.WorkspaceId == invitation.WorkspaceId && m.UserId == userId, cancellationToken);
        if (joined)
        {
            db.Memberships.Add(new Membership { WorkspaceId = invitation.WorkspaceId, UserId = userId, Role = invitation.Role, JoinedAt = invitation.AcceptedAt.Value });
        }

        workspaces.Audit(invitation.WorkspaceId, userId, "invitation.accepted", $"{invitation.Email} as {invitation.Role}");
        await db.SaveChangesAsync(cancellationToken);
        if (joined)
        {
            await workspaces.NotifyAsync(invitation.WorkspaceId, userId, invitation.Role, cancellationToken);
        }

        return invitation.WorkspaceId;
    }

    /// <summary>The open invitation, if it is addressed to the person; otherwise the same 404 as for one that does not exist.</summary>
    private async Task<Invitation> AddressedToAsync(string userId, IQueryable<Invitation> query, CancellationToken cancellationToken)
    {
        var email = await NormalizedEmailOfAsync(userId, cancellationToken);
        var invitation = await query.FirstOrDefaultAsync(i => i.NormalizedEmail == email, cancellationToken) ?? throw ProblemException.NotFound("Invitation");
        return invitation.StatusAt(Now) switch
        {
            InvitationStatus.Pending => invitation,
            InvitationStatus.Accepted => throw ProblemException.Conflict("You have already accepted this invitation."),
            InvitationStatus.Declined => throw ProblemException.Conflict("You have already declined this invitation. Ask the coordinator for a new one."),
            InvitationStatus.Revoked => throw ProblemException.Conflict("This invitation was withdrawn. Ask the coordinator for a new one."),
            _ => throw ProblemException.Conflict("This invitation has expired. Ask the coordinator for a new one."),
        };
    }

    private async Task<string> NormalizedEmailOfAsync(string userId, CancellationToken cancellationToken) =>
        await db.Users.Where(u => u.Id == userId).Select(u => u.NormalizedEmail).FirstOrDefaultAsync(cancellationToken)
        ?? throw ProblemException.NotFound("Person");

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    private async Task<Invitation> UsableAsync(string? token, CancellationToken cancellationToken)
    {
        var hash = Secrets.Hash(token ?? "");
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.SecretHash == hash, cancellationToken);
        var problem = invitation?.StatusAt(Now) switch
        {
            null => "This invitation link is not valid. Check that you copied all of it, or ask the coordinator for a new one.",
            InvitationStatus.Accepted => "This invitation link has already been used. Sign in with the account it created.",
            InvitationStatus.Declined => "This invitation was declined. Ask the coordinator for a new one.",
            InvitationStatus.Revoked => "This invitation was withdrawn. Ask the coordinator for a new one.",
            InvitationStatus.Expired => "This invitation link has expired. Ask the coordinator for a new one.",
            _ => null,
        };
        return problem is null ? invitation! : throw new ProblemException(StatusCodes.Status400BadRequest, "Invitation not usable", problem);
    }
}
