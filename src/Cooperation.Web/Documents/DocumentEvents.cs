using Cooperation.Web.Collaboration;

namespace Cooperation.Web.Documents;

/// <summary>The document events sent to everyone connected to the workspace (client method DocumentChanged).</summary>
public static class DocumentEventTypes
{
    public const string Uploaded = "document.uploaded";
    public const string VersionAdded = "document.version-added";
    public const string VersionMadeCurrent = "document.version-made-current";
    public const string Updated = "document.updated";
    public const string Extraction = "document.extraction";
    public const string Deleted = "document.deleted";
    public const string Restored = "document.restored";
    public const string Purged = "document.purged";
}

/// <summary>Data of <c>document.uploaded</c> and <c>document.version-added</c>.</summary>
public sealed record DocumentUploaded(Guid DocumentId, string Title, int Version, string FileName, long Length, string ActorId, int Duplicates) : IWorkspaceEventData;

/// <summary>Data of <c>document.version-made-current</c>.</summary>
public sealed record DocumentVersionMadeCurrent(Guid DocumentId, string Title, int Version, string ActorId) : IWorkspaceEventData;

/// <summary>Data of <c>document.updated</c>, <c>document.deleted</c>, <c>document.restored</c> and <c>document.purged</c>.</summary>
public sealed record DocumentChange(Guid DocumentId, string Title, string ActorId) : IWorkspaceEventData;

/// <summary>Data of <c>document.extraction</c>: <see cref="Pages"/> once extracted, <see cref="Error"/> once failed.</summary>
public sealed record DocumentExtraction(Guid DocumentId, int Version, ExtractionStatus Status, int? Pages, string? Error) : IWorkspaceEventData;

/// <summary>
/// Publishes document events through the workspace event stream. The change they report is already committed,
/// so a failure to publish is logged and never undoes or fails the change; clients catch up from the stream.
/// </summary>
public sealed partial class DocumentEvents(IWorkspaceEvents events, ILogger<DocumentEvents> logger)
{
    public async Task PublishAsync(Guid workspaceId, string type, IWorkspaceEventData payload, CancellationToken cancellationToken)
    {
        try
        {
            await events.PublishAsync(workspaceId, type, payload, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogPublishFailed(logger, e, type, workspaceId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish {Type} in workspace {WorkspaceId}")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, string type, Guid workspaceId);
}
