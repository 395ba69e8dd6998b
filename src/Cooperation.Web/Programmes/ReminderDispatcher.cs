using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Cooperation.Web.Programmes;

/// <summary>
/// One round of reminders: record the reminders that have come due, then claim and send them. A reminder row is
/// unique per session, person, channel and due time; an instance sends it only after its conditional UPDATE of the
/// row's claim succeeded, so with any number of instances (or after a restart) each is delivered once.
/// </summary>
public sealed partial class ReminderDispatcher(
    CooperationDb db, TimeProvider clock, IOptions<ProgrammeOptions> options, IEnumerable<IReminderChannel> channels, ILogger<ReminderDispatcher> logger)
{
    private const int Batch = 100;

    /// <returns>How many reminders this instance delivered.</returns>
    public async Task<int> RunOnceAsync(string instanceId, CancellationToken cancellationToken)
    {
        var channelList = channels.ToList();
        if (channelList.Count == 0)
        {
            return 0;
        }

        await RecordDueAsync(channelList, cancellationToken);
        return await SendDueAsync(instanceId, channelList, cancellationToken);
    }

    private async Task RecordDueAsync(List<IReminderChannel> channelList, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var leads = options.Value.Reminders.EffectiveLeadTimes;
        var horizon = now + leads.Max();
        var upcoming = await db.Set<ProgrammeSession>().AsNoTracking()
            .Where(s => s.Status == SessionStatus.Scheduled && s.StartUtc > now && s.StartUtc <= horizon
                && s.Programme!.Status != ProgrammeStatus.Cancelled)
            .Select(s => new
            {
                s.Id,
                s.StartUtc,
                s.UpdatedAt,
                People = s.Participants.Where(p => p.Reply != ParticipantReply.Declined).Select(p => p.UserId).ToList(),
            })
            .ToListAsync(cancellationToken);

        foreach (var session in upcoming)
        {
            // Only the nearest lead time that has passed, and none that had passed before the session was last planned
            // (created, moved or otherwise changed): a session planned or moved to five hours ahead gets the one-hour
            // reminder, not a late one-day reminder as well. Reminders of a moved session's old time are never sent
            // (MessageAsync checks the due time against the start), and its new time gets reminders of its own.
            var lead = leads.Where(l => session.StartUtc - l <= now && session.StartUtc - l >= session.UpdatedAt).OrderBy(l => l).FirstOrDefault();
            if (lead == default)
            {
                continue;
            }

            var due = session.StartUtc - lead;
            foreach (var userId in session.People)
            {
                foreach (var channel in channelList)
                {
                    await RecordAsync(session.Id, userId, channel.Name, (int)lead.TotalMinutes, due, cancellationToken);
                }
            }
        }
    }

    private async Task RecordAsync(Guid sessionId, string userId, string channel, int leadMinutes, DateTime due, CancellationToken cancellationToken)
    {
        if (await db.Set<SessionReminder>().AnyAsync(r => r.SessionId == sessionId && r.UserId == userId && r.Channel == channel && r.DueAtUtc == due, cancellationToken))
        {
            return;
        }

        var reminder = new SessionReminder { SessionId = sessionId, UserId = userId, Channel = channel, LeadMinutes = leadMinutes, DueAtUtc = due };
        db.Add(reminder);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance recorded the same reminder first; the unique index kept one row.
        }
        finally
        {
            db.Entry(reminder).State = EntityState.Detached;
        }
    }

    private async Task<int> SendDueAsync(string instanceId, List<IReminderChannel> channelList, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var staleBefore = now - options.Value.Reminders.ClaimTimeout;
        var candidates = await db.Set<SessionReminder>().AsNoTracking()
            .Where(r => r.SentAtUtc == null && r.DueAtUtc <= now && (r.ClaimedBy == null || r.ClaimedAtUtc < staleBefore))
            .OrderBy(r => r.DueAtUtc)
            .Take(Batch)
            .ToListAsync(cancellationToken);

        var sent = 0;
        foreach (var candidate in candidates)
        {
            // The claim: one UPDATE that only succeeds while nobody else holds the row.
            var claimed = await db.Set<SessionReminder>()
                .Where(r => r.Id == candidate.Id && r.SentAtUtc == null && (r.ClaimedBy == null || r.ClaimedAtUtc < staleBefore))
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedBy, instanceId).SetProperty(r => r.ClaimedAtUtc, now), cancellationToken);
            if (claimed != 1)
            {
                ProgrammesLog.ReminderTakenElsewhere(logger, candidate.Id);
                continue;
            }

            var channel = channelList.FirstOrDefault(c => c.Name == candidate.Channel);
            var message = await MessageAsync(candidate, cancellationToken);
            var skip = channel is null || message is null || !await channel.CanReachAsync(candidate.UserId, cancellationToken);
            if (!skip)
            {
                try
                {
                    await channel!.SendAsync(message!, cancellationToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    ProgrammesLog.ReminderFailed(logger, exception, candidate.Id, candidate.Channel);
                    await db.Set<SessionReminder>().Where(r => r.Id == candidate.Id && r.ClaimedBy == instanceId)
                        .ExecuteUpdateAsync(u => u.SetProperty(r => r.ClaimedBy, (string?)null).SetProperty(r => r.ClaimedAtUtc, (DateTime?)null), cancellationToken);
                    continue;
                }

                sent++;
                ProgrammesLog.ReminderSent(logger, candidate.Id, candidate.SessionId, candidate.UserId, candidate.Channel);
            }

            var sentAt = clock.GetUtcNow().UtcDateTime;
            await db.Set<SessionReminder>().Where(r => r.Id == candidate.Id && r.ClaimedBy == instanceId)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.SentAtUtc, sentAt).SetProperty(r => r.Skipped, skip), cancellationToken);
        }

        return sent;
    }

    /// <summary>Null when the session has begun, was cancelled, or the person left: the reminder is then closed unsent.</summary>
    private async Task<ReminderMessage?> MessageAsync(SessionReminder reminder, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = await db.Set<ProgrammeSession>().AsNoTracking().Include(s => s.Programme)
            .FirstOrDefaultAsync(s => s.Id == reminder.SessionId, cancellationToken);
        if (session is null || session.Status == SessionStatus.Cancelled || session.Programme!.Status == ProgrammeStatus.Cancelled
            || session.StartUtc <= now || session.StartUtc - TimeSpan.FromMinutes(reminder.LeadMinutes) != reminder.DueAtUtc)
        {
            return null;
        }

        var stillMember = await db.Memberships.AnyAsync(m => m.WorkspaceId == session.WorkspaceId && m.UserId == reminder.UserId, cancellationToken)
            || await db.Users.AnyAsync(u => u.Id == reminder.UserId && u.IsAdministrator, cancellationToken);
        if (!stillMember)
        {
            return null;
        }

        var zone = await ViewerZone.ForUserAsync(db, reminder.UserId, cancellationToken);
        return new ReminderMessage(reminder.Id, reminder.UserId, session.WorkspaceId, session.ProgrammeId, session.Id,
            SessionTitle.Of(session, session.Programme.Title), session.StartUtc, session.EndUtc, session.TimeZone, zone.Id,
            TimeSpan.FromMinutes(reminder.LeadMinutes), session.Location, session.OnlineLink,
            SiteLinks.Programme(session.WorkspaceId, session.ProgrammeId));
    }
}

/// <summary>
/// Runs a round of reminders at every poll interval. Every instance runs it; the conditional claim on each reminder row
/// decides which instance sends it.
/// </summary>
public sealed class ReminderService(IServiceScopeFactory scopes, InstanceIdentity instance, TimeProvider clock, IOptions<ProgrammeOptions> options, ILogger<ReminderService> logger)
    : PeriodicJob(scopes, clock, logger)
{
    public override string Name => "programmes.reminders";

    protected override TimeSpan Interval => options.Value.Reminders.PollInterval;

    protected override bool Enabled => options.Value.Reminders.Enabled;

    /// <returns>How many reminders this instance delivered.</returns>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken) => (await RunInScopeAsync(SendDueAsync, cancellationToken)).Result;

    protected override async Task<bool> RunRoundAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        await SendDueAsync(services, cancellationToken);
        return false;
    }

    private Task<int> SendDueAsync(IServiceProvider services, CancellationToken cancellationToken) =>
        services.GetRequiredService<ReminderDispatcher>().RunOnceAsync(instance.Id, cancellationToken);
}
