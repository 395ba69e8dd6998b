namespace Cooperation.Web.Collaboration;

internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Debug, "Sequence number conflict in workspace {WorkspaceId}, attempt {Attempt}; trying again")]
    public static partial void SequenceConflict(ILogger logger, Guid workspaceId, int attempt);

    [LoggerMessage(2, LogLevel.Warning, "Could not send event {Sequence} of workspace {WorkspaceId} to connected clients; they will catch up")]
    public static partial void BroadcastFailed(ILogger logger, Exception exception, Guid workspaceId, long sequence);

    [LoggerMessage(3, LogLevel.Error, "Hub method {Method} failed unexpectedly")]
    public static partial void HubMethodFailed(ILogger logger, Exception exception, string method);

    [LoggerMessage(4, LogLevel.Information, "Took connection {ConnectionId} of {UserId} out of workspace {WorkspaceId}: they can no longer read it")]
    public static partial void WorkspaceAccessEnded(ILogger logger, string connectionId, string userId, Guid workspaceId);

    [LoggerMessage(5, LogLevel.Information, "Forgot {Count} presence connection(s) of instances that stopped answering")]
    public static partial void StalePresenceRemoved(ILogger logger, int count);

    [LoggerMessage(6, LogLevel.Warning, "Presence heartbeat failed")]
    public static partial void HeartbeatFailed(ILogger logger, Exception exception);

    [LoggerMessage(7, LogLevel.Information, "Closed connection {ConnectionId} of {UserId}: its sign-in has ended (token revoked or expired, account locked or deleted)")]
    public static partial void SignInEnded(ILogger logger, string connectionId, string userId);

    [LoggerMessage(8, LogLevel.Warning, "Could not carry the access change of workspace {WorkspaceId} / person {UserId} to live connections; the periodic recheck will")]
    public static partial void AccessChangeNotCarried(ILogger logger, Exception exception, Guid? workspaceId, string? userId);
}
