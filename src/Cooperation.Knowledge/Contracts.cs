namespace Cooperation.Knowledge;

// The public surface the web host, the CLI and the bot use. Everything else in this project is
// an implementation detail behind these types.

/// <summary>Text of one page (or one slide, sheet or section for formats without pages).</summary>
public sealed record ExtractedPage(int Number, string Text);

/// <summary>What extraction produced for one stored version.</summary>
public sealed record ExtractedText(IReadOnlyList<ExtractedPage> Pages, string? Language);

/// <summary>Caps that keep hostile files (zip bombs, huge PDFs) from exhausting the server.</summary>
public sealed record ExtractionLimits(int MaxPages = 5_000, long MaxDecompressedBytes = 512L * 1024 * 1024, TimeSpan? Timeout = null);

/// <summary>Extraction refused the content (encrypted, corrupt, over a cap). The message is shown to people.</summary>
public sealed class ExtractionFailedException(string reason) : Exception(reason);

public interface ITextExtractor
{
    /// <param name="mediaType">The media type recognised from the content signature, e.g. application/pdf.</param>
    Task<ExtractedText> ExtractAsync(Stream content, string mediaType, ExtractionLimits limits, CancellationToken cancellationToken);
}

/// <summary>One document version ready to be chunked and indexed.</summary>
public sealed record DocumentToIndex(
    Guid WorkspaceId,
    Guid DocumentId,
    int Version,
    string Title,
    string? Language,
    IReadOnlyList<ExtractedPage> Pages);

public interface IKnowledgeIndex
{
    /// <summary>Indexes a version, replacing whatever the index held for that document.</summary>
    Task IndexAsync(DocumentToIndex document, CancellationToken cancellationToken);

    /// <summary>Removes every chunk of the document (deleted or purged).</summary>
    Task RemoveAsync(Guid documentId, CancellationToken cancellationToken);

    /// <summary>Drops the whole index, before a rebuild from the database.</summary>
    Task ClearAsync(CancellationToken cancellationToken);

    /// <summary>Ids of the documents present in the index with the version indexed.</summary>
    Task<IReadOnlyDictionary<Guid, int>> IndexedVersionsAsync(CancellationToken cancellationToken);

    /// <summary>The version of one document the index holds, or null when it holds none.</summary>
    Task<int?> IndexedVersionAsync(Guid documentId, CancellationToken cancellationToken);
}

/// <summary>Finds documents by what their text says, not only by their title: a document list's search box.</summary>
public interface IDocumentTextSearch
{
    /// <summary>
    /// The documents within <paramref name="workspaceIds"/> whose indexed text matches <paramref name="text"/> (the
    /// assistant's index, analysis and workspace filter), best match first, each once.
    /// </summary>
    Task<IReadOnlyList<Guid>> FindDocumentsAsync(string text, IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken);
}

/// <summary>A question, and the workspaces the asker may read. The search never looks outside them.</summary>
public sealed record AskRequest(string Question, IReadOnlyCollection<Guid> ReadableWorkspaceIds);

/// <param name="WorkspaceName">
/// The name of the workspace the quote comes from, so that readers see whose material it is. The index knows only
/// workspace ids: the assistant leaves this null and the host fills it in before showing the answer.
/// </param>
public sealed record Citation(
    Guid WorkspaceId,
    Guid DocumentId,
    string Title,
    int Version,
    string Section,
    int? Page,
    string Quote,
    string? WorkspaceName = null);

/// <summary>A section the search found near the question, listed when the assistant declines.</summary>
public sealed record SectionReference(Guid WorkspaceId, Guid DocumentId, string Title, int Version, string Section, int? Page);

/// <param name="Notice">
/// How the answer came about when that matters to the reader or an operator, e.g. that the chat endpoint
/// failed and the answer was taken from the materials without it, or that unsupported claims were dropped.
/// </param>
/// <param name="Lead">
/// The short answer the text opens with ("No.", "30 months."), stated only when the first quote says it; null when
/// the answer gives none. <see cref="Text"/> already contains it.
/// </param>
public sealed record AssistantAnswer(
    string Text,
    bool Declined,
    IReadOnlyList<Citation> Citations,
    IReadOnlyList<SectionReference> NearestSections,
    TimeSpan Latency,
    string? Notice = null,
    string? Lead = null);

public interface IRulesAssistant
{
    Task<AssistantAnswer> AskAsync(AskRequest request, CancellationToken cancellationToken);

    /// <summary>Streams the answer text as it is produced; the last item carries the full verified answer.</summary>
    IAsyncEnumerable<AssistantStreamUpdate> AskStreamingAsync(AskRequest request, CancellationToken cancellationToken);
}

/// <summary>A piece of a streamed answer: text as it arrives, then once the complete, verified answer.</summary>
public sealed record AssistantStreamUpdate(string? TextDelta, AssistantAnswer? Final);
