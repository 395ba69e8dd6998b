using System.Security.Cryptography;
using Cooperation.Bot;
using Cooperation.Bot.Protocol;
using Cooperation.Knowledge;
using Cooperation.Web.Assistant;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Teams;

/// <summary>
/// What the Teams bot asks of the site. The rule that matters: an unlinked Teams user is answered only from
/// public workspaces; once linked, from exactly the workspaces that hub account may read.
/// </summary>
internal sealed class TeamsBotBackend(
    CooperationDb db,
    WorkspaceAccess access,
    AssistantService assistant,
    IOptions<CooperationOptions> options,
    TimeProvider clock,
    ITeamsProgrammeSummary programmes) : ITeamsBotBackend
{
    public static readonly TimeSpan LinkCodeLifetime = TimeSpan.FromMinutes(15);
    private const string CodeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public async Task<AssistantAnswer> AskAsync(TeamsUser user, string question, CancellationToken cancellationToken)
    {
        var readable = await ReadableWorkspacesAsync(user, cancellationToken);
        return await assistant.AnswerInChatAsync(readable, question, cancellationToken);
    }

    public Uri? GetCitationLink(Citation citation) =>
        options.Value.PublicBaseUrl is { } site
            ? new Uri(site, DocumentLinks.Section(citation.WorkspaceId, citation.DocumentId, citation.Version, citation.Section, citation.Page, citation.Quote))
            : null;

    public async Task<LinkCode> CreateLinkCodeAsync(TeamsUser user, CancellationToken cancellationToken)
    {
        if (user.AadObjectId is null || user.TenantId is null)
        {
            throw new InvalidOperationException("Only Teams users with an Entra identity can be linked.");
        }

        var code = RandomNumberGenerator.GetString(CodeAlphabet, 8);
        var expires = clock.GetUtcNow().UtcDateTime + LinkCodeLifetime;
        db.Set<TeamsLinkCode>().Add(new TeamsLinkCode
        {
            CodeHash = Secrets.Hash(code), AadObjectId = user.AadObjectId, TenantId = user.TenantId, TeamsName = user.Name, ExpiresAt = expires,
        });
        await db.SaveChangesAsync(cancellationToken);
        var enterAt = options.Value.PublicBaseUrl is { } site ? new Uri(site, TeamsLinking.PagePath) : null;
        return new LinkCode(code, enterAt, new DateTimeOffset(expires, TimeSpan.Zero));
    }

    public async Task SaveConversationReferenceAsync(ConversationReference reference, CancellationToken cancellationToken)
    {
        var id = reference.Conversation.Id ?? throw new ArgumentException("The conversation reference has no conversation id.", nameof(reference));
        var row = await db.Set<TeamsConversation>().FirstOrDefaultAsync(c => c.ConversationId == id, cancellationToken);
        if (row is null)
        {
            row = new TeamsConversation { ConversationId = id, ReferenceJson = "" };
            db.Set<TeamsConversation>().Add(row);
        }

        row.ReferenceJson = reference.ToJson();
        row.AadObjectId = reference.User.AadObjectId ?? row.AadObjectId;
        row.TenantId = reference.TenantId ?? row.TenantId;
        row.IsPersonal = reference.Conversation.ConversationType is null or "personal";
        row.Blocked = false;
        row.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Two activities of one new conversation raced to insert it; the other one stored it.
        }
    }

    public async Task MarkConversationBlockedAsync(string conversationId, CancellationToken cancellationToken) =>
        await db.Set<TeamsConversation>().Where(c => c.ConversationId == conversationId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Blocked, true), cancellationToken);

    public Task<bool> IsConversationBlockedAsync(string conversationId, CancellationToken cancellationToken) =>
        db.Set<TeamsConversation>().AnyAsync(c => c.ConversationId == conversationId && c.Blocked, cancellationToken);

    public async Task SaveFeedbackAsync(BotFeedback feedback, CancellationToken cancellationToken)
    {
        db.Set<TeamsFeedback>().Add(new TeamsFeedback
        {
            ConversationId = feedback.ConversationId,
            ActivityId = feedback.ActivityId,
            Reaction = feedback.Reaction,
            Text = feedback.Text is { Length: > 4_000 } text ? text[..4_000] : feedback.Text,
            TeamsName = feedback.User.Name,
            AadObjectId = feedback.User.AadObjectId,
            ReceivedAt = feedback.ReceivedAt.UtcDateTime,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<string> DescribeProgrammesAsync(TeamsUser user, CancellationToken cancellationToken)
    {
        var linked = await LinkedUserAsync(user, cancellationToken);
        var readable = await ReadableWorkspacesAsync(user, cancellationToken);
        return await programmes.DescribeUpcomingAsync(linked?.Id, readable, cancellationToken);
    }

    private async Task<List<Guid>> ReadableWorkspacesAsync(TeamsUser user, CancellationToken cancellationToken)
    {
        var linked = await LinkedUserAsync(user, cancellationToken);
        return linked is null
            ? await access.PublicWorkspaceIdsAsync(cancellationToken)
            : await access.ReadableWorkspaceIdsAsync(linked.Id, linked.IsAdministrator, cancellationToken);
    }

    private async Task<Accounts.AppUser?> LinkedUserAsync(TeamsUser user, CancellationToken cancellationToken)
    {
        if (user.AadObjectId is null || user.TenantId is null)
        {
            return null;
        }

        var userId = await db.Set<TeamsLink>().Where(l => l.AadObjectId == user.AadObjectId && l.TenantId == user.TenantId)
            .Select(l => l.UserId).FirstOrDefaultAsync(cancellationToken);
        var person = userId is null ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        // A locked-out account answers as if unlinked. (Checked here: SQLite cannot compare DateTimeOffset in SQL.)
        return person is not null && (person.LockoutEnd is null || person.LockoutEnd <= clock.GetUtcNow()) ? person : null;
    }
}

/// <summary>Text for the bot's <c>programmes</c> command (TeamsProgrammeSummary, from the scheduling feature's queries).</summary>
public interface ITeamsProgrammeSummary
{
    Task<string> DescribeUpcomingAsync(string? userId, IReadOnlyCollection<Guid> readableWorkspaceIds, CancellationToken cancellationToken);
}
