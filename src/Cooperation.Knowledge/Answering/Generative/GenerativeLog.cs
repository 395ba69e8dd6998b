using Microsoft.Extensions.Logging;

namespace Cooperation.Knowledge.Answering.Generative;

internal static partial class GenerativeLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Generative answer fell back to the extractive one: {Reason}")]
    public static partial void FellBack(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Debug, Message = "Closing the chat stream failed after the reply was read")]
    public static partial void StreamCloseFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Debug, Message = "Generative answer: {Accepted} claims verified, {Rejected} dropped, {Incomplete} incomplete, {Searches} searches by the model")]
    public static partial void Generated(ILogger logger, int accepted, int rejected, int incomplete, int searches);
}
