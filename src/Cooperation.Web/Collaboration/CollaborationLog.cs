namespace Cooperation.Web.Collaboration;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Sequence number conflict in workspace {WorkspaceId}, attempt {Attempt}; trying again")]
    public static partial void SequenceConflict(ILogger logger, Guid workspaceId, int attempt);

    [LoggerMessage(2, LogLevel.Warning, "Could not send event {Sequence} of workspace {WorkspaceId} to connected clients; they will catch up")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, Guid workspaceId, long sequence);

    [LoggerMessage(3, LogLevel.Error, "Hub method {Method} failed unexpectedly")]
    public static partial void HubMethodFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(4, LogLevel.Information, "Removed {Count} connection(s) of {UserId} from workspace {WorkspaceId} after their membership ended")]
    public static partial void ConnectionsDropped(ILogger logger, int count, string userId, Guid workspaceId);

    [LoggerMessage(5, LogLevel.Information, "Forgot {Count} presence connection(s) of instances that stopped answering")]
    public static partial void StalePresenceRemoved(ILogger logger, int count);

    [LoggerMessage(6, LogLevel.Warning, "Presence heartbeat failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);
}
