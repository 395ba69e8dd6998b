using System.Text.Json;
using Cooperation.Bot;
using Cooperation.Bot.Protocol;
using Cooperation.Web.Collaboration;
using Cooperation.Web.Data;
using Cooperation.Web.Documents;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Teams;

/// <summary>How far through the workspace event stream the Teams notifications have gone (one row).</summary>
public sealed class TeamsNotificationCursor
{
    public const int SingleRowId = 1;

    public int Id { get; init; } = SingleRowId;
    public long LastEventId { get; set; }
}

internal sealed class TeamsNotificationCursorConfiguration : IEntityTypeConfiguration<TeamsNotificationCursor>
{
    public void Configure(EntityTypeBuilder<TeamsNotificationCursor> cursor) => cursor.Property(c => c.Id).ValueGeneratedNever();
}

/// <summary>
/// Tells members who linked Teams about new documents in their workspaces, in their personal chat with the bot.
/// Reads the workspace event stream after a cursor; moving the cursor is a conditional update, so when several
/// instances run, each batch is claimed by exactly one of them.
/// </summary>
public sealed partial class TeamsDocumentNotifier(CooperationDb db, ITeamsNotifier notifier, IOptions<CooperationOptions> options, ILogger<TeamsDocumentNotifier> logger)
{
    private const int BatchSize = 100;

    /// <returns>How many messages were sent.</returns>
    public async Task<int> NotifyNewDocumentsAsync(CancellationToken cancellationToken)
    {
        var cursor = await db.Set<TeamsNotificationCursor>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == TeamsNotificationCursor.SingleRowId, cancellationToken);
        if (cursor is null)
        {
            // First run: start from now, not from the whole history.
            var latest = await db.Set<WorkspaceEvent>().MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0;
            db.Set<TeamsNotificationCursor>().Add(new TeamsNotificationCursor { LastEventId = latest });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another instance created it first.
            }

            return 0;
        }

        var batch = await db.Set<WorkspaceEvent>().AsNoTracking()
            .Where(e => e.Id > cursor.LastEventId).OrderBy(e => e.Id).Take(BatchSize)
            .Select(e => new { e.Id, e.WorkspaceId, e.Type, e.Data })
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        var claimed = await db.Set<TeamsNotificationCursor>()
            .Where(c => c.Id == cursor.Id && c.LastEventId == cursor.LastEventId)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastEventId, batch[^1].Id), cancellationToken);
        if (claimed == 0)
        {
            return 0;
        }

        var sent = 0;
        foreach (var e in batch.Where(e => e.Type == DocumentEventTypes.Uploaded))
        {
            var uploaded = JsonSerializer.Deserialize<DocumentUploaded>(e.Data, WorkspaceEvents.Json)!;
            sent += await NotifyMembersAsync(e.WorkspaceId, uploaded.DocumentId, uploaded.Title, uploaded.ActorId, cancellationToken);
        }

        return sent;
    }

    private async Task<int> NotifyMembersAsync(Guid workspaceId, Guid documentId, string title, string actorId, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.Name).FirstOrDefaultAsync(cancellationToken);
        var references = await (from member in db.Memberships
                                join link in db.Set<TeamsLink>() on member.UserId equals link.UserId
                                join conversation in db.Set<TeamsConversation>()
                                    on new { link.AadObjectId, link.TenantId } equals new { AadObjectId = conversation.AadObjectId!, TenantId = conversation.TenantId! }
                                where member.WorkspaceId == workspaceId && member.UserId != actorId && conversation.IsPersonal && !conversation.Blocked
                                select conversation.ReferenceJson).Distinct().ToListAsync(cancellationToken);
        var open = options.Value.PublicBaseUrl is { } site ? $" [open]({new Uri(site, SiteLinks.Document(workspaceId, documentId))})" : "";
        var sent = 0;
        foreach (var json in references)
        {
            try
            {
                if (await notifier.SendTextAsync(ConversationReference.FromJson(json), $"New document in **{workspace}**: {title}{open}", cancellationToken) == NotificationOutcome.Sent)
                {
                    sent++;
                }
            }
            catch (Cooperation.Bot.Connector.BotConnectorException exception)
            {
                // One unreachable chat must not stop the others; the notification is not retried.
                LogSendFailed(logger, exception, workspaceId);
            }
        }

        return sent;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A Teams notification for workspace {WorkspaceId} could not be sent")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, Guid workspaceId);
}

/// <summary>
/// Runs <see cref="TeamsDocumentNotifier"/> every few seconds. Every instance runs it; the conditional move of the
/// cursor decides which instance sends a batch.
/// </summary>
internal sealed class TeamsDocumentNotificationService(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TeamsDocumentNotificationService> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public override string Name => "teams.document-notifications";

    protected override TimeSpan Interval { get; } = TimeSpan.FromSeconds(10);

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await services.GetRequiredService<TeamsDocumentNotifier>().NotifyNewDocumentsAsync(cancellationToken);
        return false;
    }
}
