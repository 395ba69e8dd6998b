using Cooperation.Bot;
using Cooperation.Bot.Protocol;
using Cooperation.Web.Data;
using Cooperation.Web.Infrastructure;
using Cooperation.Web.Programmes;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NodaTime;

namespace Cooperation.Web.Teams;

/// <summary>The bot's <c>programmes</c> command: the next sessions the Teams user may see, in their own time zone.</summary>
internal sealed class TeamsProgrammeSummary(ProgrammeQueries queries, CooperationDb db, IOptions<CooperationOptions> options) : ITeamsProgrammeSummary
{
    public async Task<string> DescribeUpcomingAsync(string? userId, IReadOnlyCollection<Guid> readableWorkspaceIds, CancellationToken cancellationToken)
    {
        var sessions = await queries.NextSessionsAsync(readableWorkspaceIds, new ProgrammeQuery(Take: 5), cancellationToken);
        if (sessions.Count == 0)
        {
            return userId is null
                ? "No upcoming sessions in the public workspaces. Type 'link' to see your own workspaces' programmes."
                : "No upcoming sessions in your workspaces.";
        }

        var zone = userId is null ? DateTimeZone.Utc : await ViewerZone.ForUserAsync(db, userId, cancellationToken);
        var lines = sessions.Select(s => $"- **{s.Title}** ({s.ProgrammeTitle}): {TeamsText.When(s.StartUtc, zone)}, {(s.EndUtc - s.StartUtc).Humanize(2)}{Link(s.Link)}");
        return "Upcoming sessions:\n" + string.Join("\n", lines);
    }

    private string Link(string relative) =>
        options.Value.PublicBaseUrl is { } site ? $" [open]({new Uri(site, relative)})" : "";
}

/// <summary>Programme reminders in Teams, for people who linked their Teams account and talked to the bot one to one.</summary>
internal sealed class TeamsReminderChannel(IServiceScopeFactory scopes, ITeamsNotifier notifier) : IReminderChannel
{
    public string Name => "teams";

    public async Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) =>
        await PersonalConversationAsync(userId, cancellationToken) is not null;

    public async Task SendAsync(ReminderMessage message, CancellationToken cancellationToken)
    {
        var reference = await PersonalConversationAsync(message.UserId, cancellationToken);
        if (reference is null)
        {
            return;
        }

        var zone = DateTimeZoneProviders.Tzdb.GetZoneOrNull(message.RecipientTimeZone) ?? DateTimeZone.Utc;
        var where = message.OnlineLink ?? message.Location;
        var text = $"Reminder: **{message.Title}** starts {message.LeadTime.Humanize()} from now, {TeamsText.When(message.StartUtc, zone)}"
            + (where is null ? "." : $", {where}.");
        await notifier.SendTextAsync(reference, text, cancellationToken);
    }

    private async Task<ConversationReference?> PersonalConversationAsync(string userId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CooperationDb>();
        var json = await (from link in db.Set<TeamsLink>()
                          join conversation in db.Set<TeamsConversation>()
                              on new { link.AadObjectId, link.TenantId } equals new { AadObjectId = conversation.AadObjectId!, TenantId = conversation.TenantId! }
                          where link.UserId == userId && conversation.IsPersonal && !conversation.Blocked
                          orderby conversation.UpdatedAt descending
                          select conversation.ReferenceJson).FirstOrDefaultAsync(cancellationToken);
        return json is null ? null : ConversationReference.FromJson(json);
    }
}

internal static class TeamsText
{
    public static string When(DateTime utc, DateTimeZone zone)
    {
        var local = Instant.FromDateTimeUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).InZone(zone);
        return $"{local:ddd d MMM yyyy HH:mm} ({zone.Id})";
    }
}
