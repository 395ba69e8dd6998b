using Microsoft.Extensions.Logging;

namespace Cooperation.Knowledge;

internal static partial class KnowledgeLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Indexed document {DocumentId} version {Version}: {ChunkCount} passages in {ElapsedMs:F0} ms")]
    public static partial void Indexed(ILogger logger, Guid documentId, int version, int chunkCount, double elapsedMs);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Information, Message = "Removed document {DocumentId} from the index")]
    public static partial void Removed(ILogger logger, Guid documentId);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Dropped a generated claim whose quote is not in the cited passage: {Quote}")]
    public static partial void CitationRejected(ILogger logger, string quote);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Debug, Message = "Answered in {ElapsedMs:F0} ms: declined={Declined}, citations={CitationCount}, evidence={Evidence:F2}")]
    public static partial void Answered(ILogger logger, double elapsedMs, bool declined, int citationCount, double evidence);

    // Once per hold, not per search (while another process imports, every search finds the index held). Information,
    // not Warning: it is expected beside a running site, and a command's console (its --json output) shows warnings.
    [LoggerMessage(EventId = 5006, Level = LogLevel.Information, Message = "Another process holds the search index at {Path}; searches read what it has committed, and changes to the index wait until it lets go")]
    public static partial void IndexHeldElsewhere(ILogger logger, string path);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Took the search index at {Path} after another process had held it for {Seconds:F1} s")]
    public static partial void IndexTakenOver(ILogger logger, string path, double seconds);
}
