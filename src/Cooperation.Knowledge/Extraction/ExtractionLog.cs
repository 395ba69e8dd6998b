using Microsoft.Extensions.Logging;

namespace Cooperation.Knowledge.Extraction;

internal static partial class ExtractionLog
{
    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Text extraction refused a {MediaType} file: {Reason}")]
    public static partial void Refused(ILogger logger, string mediaType, string reason);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "A {MediaType} file could not be parsed and is reported as damaged")]
    public static partial void ParserFailed(ILogger logger, string mediaType, Exception exception);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Text extraction of a {MediaType} file was stopped after {Timeout}")]
    public static partial void TimedOut(ILogger logger, string mediaType, TimeSpan timeout);
}
