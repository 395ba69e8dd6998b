using Cooperation.Web.Collaboration;

namespace Cooperation.Web.Programmes;

/// <summary>Data of the <c>programme.*</c> workspace events: which programme, and the change (the event type after <c>programme.</c>).</summary>
public sealed record ProgrammeChanged(Guid ProgrammeId, string Change) : IWorkspaceEventData;

/// <summary>Told when a programme or its sessions change, so that open pages can refresh (the hub implements it).</summary>
public interface IProgrammeObserver
{
    Task ProgrammeChangedAsync(Guid workspaceId, Guid programmeId, string change, CancellationToken cancellationToken);
}

/// <summary>Fans a change out to every observer; a failing observer never undoes the change that was saved.</summary>
public sealed partial class ProgrammeEvents(IEnumerable<IProgrammeObserver> observers, ILogger<ProgrammeEvents> logger)
{
    public async Task ChangedAsync(Guid workspaceId, Guid programmeId, string change, CancellationToken cancellationToken)
    {
        foreach (var observer in observers)
        {
            try
            {
                await observer.ProgrammeChangedAsync(workspaceId, programmeId, change, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ProgrammesLog.ObserverFailed(logger, exception, observer.GetType().Name, change);
            }
        }
    }
}
