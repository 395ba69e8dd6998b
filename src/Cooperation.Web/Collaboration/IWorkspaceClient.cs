using Cooperation.Web.Collaboration.Presence;

namespace Cooperation.Web.Collaboration;

/// <summary>What the server calls on connected clients. The contract for other clients is in docs/hub.md.</summary>
public interface IWorkspaceClient
{
    /// <summary>A chat message was posted (type chat.posted).</summary>
    Task ChatMessageReceived(WorkspaceEventMessage message);

    /// <summary>A chat message was edited or deleted (chat.edited, chat.deleted).</summary>
    Task ChatMessageUpdated(WorkspaceEventMessage message);

    /// <summary>A document was uploaded, got a new version, progressed in extraction, was deleted or restored (document.*).</summary>
    Task DocumentChanged(WorkspaceEventMessage message);

    /// <summary>A comment or reply was added (comment.added).</summary>
    Task CommentAdded(WorkspaceEventMessage message);

    /// <summary>A comment was edited or deleted (comment.edited, comment.deleted).</summary>
    Task CommentUpdated(WorkspaceEventMessage message);

    /// <summary>Someone joined, changed role or left (member.*). A removed person receives it once, directly.</summary>
    Task MemberChanged(WorkspaceEventMessage message);

    /// <summary>Any other workspace event, for types added by other features.</summary>
    Task EventReceived(WorkspaceEventMessage message);

    /// <summary>Someone came online, went idle or went offline. Not numbered: ask GetPresence after a reconnect.</summary>
    Task PresenceChanged(PresenceUpdate update);

    /// <summary>Someone is typing in the chat. Not numbered and not stored.</summary>
    Task UserTyping(TypingNotice notice);

    /// <summary>You were @mentioned in a comment or chat message.</summary>
    Task Mentioned(MentionNotice notice);

    /// <summary>A session you take part in starts soon. Sent to you alone and never kept in the workspace's events.</summary>
    Task ReminderDue(ReminderNotice notice);

    /// <summary>
    /// You can no longer read a workspace you joined (it was made private, you were removed): nothing more of it
    /// follows. Without a workspace, your sign-in ended (token revoked or expired, account locked or deleted) and the
    /// connection closes.
    /// </summary>
    Task AccessEnded(AccessEndedNotice notice);
}

/// <param name="WorkspaceId">The workspace you left; null when the whole connection ends.</param>
public sealed record AccessEndedNotice(Guid? WorkspaceId);

/// <param name="Link">The programme's page, relative to the site.</param>
public sealed record ReminderNotice(
    Guid WorkspaceId, Guid ProgrammeId, Guid SessionId, string Title, DateTime StartUtc, DateTime EndUtc, int LeadMinutes, string? Location, string? OnlineLink, string Link);

public sealed record TypingNotice(Guid WorkspaceId, string UserId, string DisplayName);

/// <param name="Excerpt">The start of the comment's Markdown.</param>
/// <param name="ExcerptHtml">The same excerpt rendered and sanitised like a comment, for the notice to show formatted.</param>
public sealed record MentionNotice(Guid WorkspaceId, string Kind, Guid ItemId, Guid? DocumentId, string ByUserId, string ByDisplayName, string Excerpt, long Sequence, string ExcerptHtml = "");
