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

/// <summary>
/// Publishes document events through the workspace event stream. The change they report is already committed,
/// so a failure to publish is logged and never undoes or fails the change; clients catch up from the stream.
/// </summary>
public sealed partial class DocumentEvents(IServiceProvider services, ILogger<DocumentEvents> logger)
{
    public async Task PublishAsync(Guid workspaceId, string type, object payload, CancellationToken cancellationToken)
    {
        // The CLI builds only the core services; the event stream may not be registered there.
        if (services.GetService<IWorkspaceEvents>() is not { } events)
        {
            return;
        }

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
