using Cooperation.Web.Collaboration;
using Microsoft.AspNetCore.SignalR;

namespace Cooperation.Web.Programmes;

/// <summary>Programme changes go to the workspace's hub group as "programme.*" events (clients get them as EventReceived).</summary>
internal sealed class HubProgrammeObserver(IWorkspaceEvents events) : IProgrammeObserver
{
    public Task ProgrammeChangedAsync(Guid workspaceId, Guid programmeId, string change, CancellationToken cancellationToken) =>
        events.PublishAsync(workspaceId, $"programme.{change}", new ProgrammeChanged(programmeId, change), cancellationToken);
}

/// <summary>
/// Reminders on the site, to the recipient's open pages alone (every connection signed in as that person). They are not
/// workspace events: those reach every member and stay in the workspace's history, and who attends what is not theirs
/// to be told. The Teams channel is another <see cref="IReminderChannel"/> registered next to this one.
/// </summary>
internal sealed class HubReminderChannel(IHubContext<WorkspaceHub, IWorkspaceClient> hub) : IReminderChannel
{
    public string Name => "hub";

    public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken) =>
        hub.Clients.User(message.UserId).ReminderDue(new ReminderNotice(
            message.WorkspaceId,
            message.ProgrammeId,
            message.SessionId,
            message.Title,
            message.StartUtc,
            message.EndUtc,
            (int)message.LeadTime.TotalMinutes,
            message.Location,
            message.OnlineLink,
            message.Link));
}
