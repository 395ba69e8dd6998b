namespace Cooperation.Web.Collaboration;

/// <summary>
/// Event type names. The part before the first dot chooses the client method that carries the event
/// (see docs/hub.md); other features may publish their own types, which arrive as EventReceived.
/// </summary>
public static class WorkspaceEventTypes
{
    public const string ChatPosted = "chat.posted";
    public const string ChatEdited = "chat.edited";
    public const string ChatDeleted = "chat.deleted";

    public const string CommentAdded = "comment.added";
    public const string CommentEdited = "comment.edited";
    public const string CommentDeleted = "comment.deleted";

    /// <summary>A person was added or their role changed.</summary>
    public const string MemberChanged = "member.changed";
    public const string MemberRemoved = "member.removed";

    /// <summary>Prefix of the document events (document.uploaded, document.version-added, document.deleted...).</summary>
    public const string DocumentPrefix = "document.";
}
