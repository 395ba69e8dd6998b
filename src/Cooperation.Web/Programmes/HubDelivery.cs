using Cooperation.Web.Collaboration;

namespace Cooperation.Web.Programmes;

/// <summary>Programme changes go to the workspace's hub group as "programme.*" events (clients get them as EventReceived).</summary>
internal sealed class HubProgrammeObserver(IWorkspaceEvents events) : IProgrammeObserver
{
    public Task ProgrammeChangedAsync(Guid workspaceId, Guid programmeId, string change, CancellationToken cancellationToken) =>
        events.PublishAsync(workspaceId, $"programme.{change}", new { programmeId, change }, cancellationToken);
}

/// <summary>
/// Reminders as "programme.reminder" events in the session's workspace. The event names its recipient; pages show it
/// only to that person. The Teams channel is another <see cref="IReminderChannel"/> registered next to this one.
/// </summary>
internal sealed class HubReminderChannel(IWorkspaceEvents events) : IReminderChannel
{
    public string Name => "hub";

    public Task<bool> CanReachAsync(string userId, CancellationToken cancellationToken) => Task.FromResult(true);

    public Task SendAsync(ReminderMessage message, CancellationToken cancellationToken) =>
        events.PublishAsync(message.WorkspaceId, "programme.reminder", new
        {
            recipientId = message.UserId,
            message.SessionId,
            message.ProgrammeId,
            message.Title,
            message.StartUtc,
            message.EndUtc,
            message.HostTimeZone,
            leadMinutes = (int)message.LeadTime.TotalMinutes,
            message.Location,
            message.OnlineLink,
            message.Link,
        }, cancellationToken);
}
