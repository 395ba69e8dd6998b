namespace Cooperation.Web.Programmes;

internal static partial class ProgrammesLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Programme observer {Observer} failed on {Change}")]
    public static partial void ObserverFailed(ILogger logger, Exception exception, string observer, string change);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reminder {ReminderId} for session {SessionId} sent to {UserId} through {Channel}")]
    public static partial void ReminderSent(ILogger logger, Guid reminderId, Guid sessionId, string userId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reminder {ReminderId} through {Channel} failed; it will be tried again")]
    public static partial void ReminderFailed(ILogger logger, Exception exception, Guid reminderId, string channel);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reminder {ReminderId} was claimed by another instance")]
    public static partial void ReminderTakenElsewhere(ILogger logger, Guid reminderId);
}
