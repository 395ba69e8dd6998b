using Microsoft.Extensions.Logging;

namespace Cooperation.Knowledge.Embeddings;

internal static partial class EmbeddingLog
{
    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Indexed document {DocumentId} version {Version} without vectors, so it is found by its words only until it is indexed again: {Reason}")]
    public static partial void IndexedWithoutVectors(ILogger logger, Guid documentId, int version, string reason);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Searched by words only; the question could not be embedded: {Reason}")]
    public static partial void SearchedWithoutVectors(ILogger logger, string reason);
}
